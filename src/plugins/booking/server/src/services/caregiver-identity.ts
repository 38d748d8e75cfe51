import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import { isSuspended } from '../domain/caregiver-rules';

/** Who the signed-in caregiver is: an approved caregiver profile linked to the user, with city and skills. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async forUser(userId: number) {
    const caregiver: any = await strapi.db.query('api::caregiver.caregiver').findOne({
      where: { user: { id: userId } },
      populate: { city: { select: ['code'] }, serviceCities: { select: ['code'] }, skills: { select: ['documentId'] } },
    });
    // Suspended: indefinitely (status) or until suspendedUntil; either way no caregiver route until it ends.
    if (caregiver && isSuspended(caregiver)) throw new DomainError('CAREGIVER_SUSPENDED', '您的账号已被暂停接单', 403);
    if (!caregiver || caregiver.status !== 'approved') throw new DomainError('NOT_A_CAREGIVER', '您还不是已认证的陪护人员', 403);
    return {
      id: caregiver.id as number,
      documentId: caregiver.documentId as string,
      userId,
      cityCode: caregiver.city?.code as string | undefined,
      /** Home city plus the other cities the caregiver serves. */
      cityCodes: [caregiver.city?.code, ...(caregiver.serviceCities ?? []).map((c: any) => c.code)].filter(Boolean) as string[],
      skills: (caregiver.skills ?? []).map((s: any) => s.documentId as string),
    };
  },
});
