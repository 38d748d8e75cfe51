// Caregiver profiles are personal data: no generated content-API routes. Public profiles (masked names,
// badges, ratings) and the caregiver's own actions are served by the booking plugin.
export default { routes: [] };
