import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { isSuspended } from '../../domain/caregiver-rules';
import { UID } from '../../content-types/uids';

/** Who the signed-in caregiver is: an approved caregiver profile linked to the user, with city and skills. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async forUser(userId: number) {
    const caregiver: any = await strapi.db.query(UID.caregiver).findOne({
      where: { user: { id: userId } },
      populate: { city: { select: ['code'] }, serviceCities: { select: ['code'] }, skills: { select: ['documentId'] } },
    });
    // Suspended: indefinitely (status) or until suspendedUntil; either way no caregiver route until it ends.
    if (caregiver && isSuspended(caregiver)) throw bookingError('CAREGIVER_SUSPENDED');
    if (!caregiver || caregiver.status !== 'approved') throw bookingError('NOT_A_CAREGIVER');
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
