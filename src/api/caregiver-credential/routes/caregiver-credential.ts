// Credential numbers and scans are personal data: no generated content-API routes. Caregivers submit credentials
// through the booking plugin's application route; auditors review them through the plugin's admin routes.
export default { routes: [] };
