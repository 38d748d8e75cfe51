/** Caregivers: applications, audit, identity checks, public profiles, standing and maintenance. */
import caregiverApplications from './caregiver-applications';
import caregiverAudit from './caregiver-audit';
import caregiverIdentity from './caregiver-identity';
import caregiverLevels from './caregiver-levels';
import caregiverMaintenance from './caregiver-maintenance';
import caregiverProfiles from './caregiver-profiles';
import identity from './identity';
import scanMigration from './scan-migration';

export default {
  'caregiver-applications': caregiverApplications,
  'caregiver-audit': caregiverAudit,
  'caregiver-identity': caregiverIdentity,
  'caregiver-levels': caregiverLevels,
  'caregiver-maintenance': caregiverMaintenance,
  'caregiver-profiles': caregiverProfiles,
  identity,
  'scan-migration': scanMigration,
};
