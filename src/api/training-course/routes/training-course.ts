// No content-API routes: caregivers reach courses and exams only through the booking plugin, which never sends answer keys.
export default { routes: [] };
