import type { Core } from '@strapi/strapi';
import { UID } from '../../content-types/uids';

export interface AuditEntry {
  adminId: number | null;
  action: string;
  subjectType: 'caregiver' | 'caregiver-credential';
  subjectId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

/**
 * Operator decisions on caregivers and credentials. Called inside the decision's transaction (db.query joins it),
 * so a decision and its audit row commit or roll back together.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  write(entry: AuditEntry) {
    return strapi.db.query(UID.auditLog).create({ data: { ...entry, reason: entry.reason ?? null, at: new Date() } });
  },
  list(subjectType: AuditEntry['subjectType'], subjectId: string) {
    return strapi.db.query(UID.auditLog).findMany({ where: { subjectType, subjectId }, orderBy: { id: 'asc' } });
  },
});
