import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { parseIdCardNumber } from '../../domain/id-card';
import { maskIdNumber, maskPhone } from '../../domain/masking';
import { bookingConfig, bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { isEncrypted } from '../platform/pii-crypto';
import { sweep } from '../platform/sweep';

/** Columns holding ciphertext, with the AAD that binds each ciphertext to its column. */
const SECRET_FIELDS = {
  condition: { column: 'conditionCipher', aad: 'patient.condition' },
  medicalHistory: { column: 'medicalHistoryCipher', aad: 'patient.medicalHistory' },
  medications: { column: 'medicationsCipher', aad: 'patient.medications' },
  allergies: { column: 'allergiesCipher', aad: 'patient.allergies' },
} as const;
type SecretField = keyof typeof SECRET_FIELDS;
/** The emergency contact's phone is encrypted in its own column (legacy rows hold plaintext until sealed). */
const EMERGENCY_PHONE_AAD = 'patient.emergencyContactPhone';

export interface PatientInput {
  name?: string;
  gender?: 'male' | 'female' | null;
  birthDate?: string | null;
  relationship?: string;
  idNumber?: string | null;
  condition?: string | null;
  medicalHistory?: string | null;
  medications?: string | null;
  allergies?: string | null;
  selfCareAbility?: 'independent' | 'partially_dependent' | 'dependent';
  defaultHospital?: string | null; // hospital documentId
  defaultDepartment?: string | null;
  emergencyContactName?: string | null;
  emergencyContactPhone?: string | null;
  emergencyContactRelationship?: string | null;
}

/** Who is looking decides how much of a patient record they see. */
export type PatientView = 'owner' | 'owner-list' | 'caregiver' | 'operator';

/**
 * The people a user books care for (就诊人). Every lookup is scoped by owner: someone else's patient is simply
 * not found (404), so its existence is not revealed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pii = () => bookingService(strapi, 'pii');

  async function findOwned(ownerId: number, documentId: string) {
    const patient = await strapi.db.query(UID.patient).findOne({ where: { documentId, ownerId }, populate: { defaultHospital: true } });
    if (!patient) throw bookingError('PATIENT_NOT_FOUND');
    return patient;
  }

  async function hospitalId(documentId: string | null | undefined) {
    if (documentId === undefined) return undefined;
    if (documentId === null) return null;
    const hospital = await strapi.db.query(UID.hospital).findOne({ where: { documentId }, select: ['id'] });
    if (!hospital) throw bookingError('HOSPITAL_NOT_FOUND');
    return hospital.id;
  }

  /** Turns validated input into columns: ID number checked, encrypted and indexed; medical text encrypted. */
  async function toColumns(input: PatientInput) {
    const data: Record<string, unknown> = {};
    for (const key of [
      'name',
      'gender',
      'birthDate',
      'relationship',
      'selfCareAbility',
      'defaultDepartment',
      'emergencyContactName',
      'emergencyContactRelationship',
    ] as const) {
      if (input[key] !== undefined) data[key] = input[key];
    }
    if (input.emergencyContactPhone !== undefined) data.emergencyContactPhone = pii().encrypt(input.emergencyContactPhone || null, EMERGENCY_PHONE_AAD) ?? null;
    if (input.idNumber !== undefined) {
      if (input.idNumber === null || input.idNumber === '') {
        Object.assign(data, { idNumberCipher: null, idNumberHash: null, idNumberMasked: null });
      } else {
        const parsed = parseIdCardNumber(input.idNumber);
        if (input.birthDate && input.birthDate !== parsed.birthDate) {
          throw bookingError('BIRTH_DATE_MISMATCH');
        }
        if (input.gender && input.gender !== parsed.gender) {
          throw bookingError('GENDER_MISMATCH');
        }
        Object.assign(data, {
          idNumberCipher: pii().encrypt(parsed.normalized, 'patient.idNumber'),
          idNumberHash: pii().blindIndex(parsed.normalized, 'patient.idNumber'),
          idNumberMasked: maskIdNumber(parsed.normalized),
          birthDate: parsed.birthDate,
          gender: parsed.gender,
        });
      }
    }
    for (const [field, { column, aad }] of Object.entries(SECRET_FIELDS) as Array<[SecretField, (typeof SECRET_FIELDS)[SecretField]]>) {
      if (input[field] !== undefined) data[column] = pii().encrypt(input[field] || null, aad);
    }
    const hospital = await hospitalId(input.defaultHospital);
    if (hospital !== undefined) data.defaultHospital = hospital;
    return data;
  }

  async function assertIdNumberFree(ownerId: number, hash: unknown, exceptId?: number) {
    if (!hash) return;
    const clash = await strapi.db.query(UID.patient).findOne({ where: { ownerId, idNumberHash: hash, ...(exceptId ? { id: { $ne: exceptId } } : {}) } });
    if (clash) throw bookingError('PATIENT_DUPLICATE');
  }

  const api = {
    /** Encrypts emergency-contact phones stored before encryption (boot-time, shared batch loop, conditional per row). */
    async sealLegacy() {
      const counts = await sweep(
        strapi,
        'seal legacy emergency phones',
        (afterId, limit) =>
          strapi.db.query(UID.patient).findMany({
            where: { id: { $gt: afterId }, emergencyContactPhone: { $notNull: true, $ne: '', $notContains: 'v1:' } },
            select: ['id', 'emergencyContactPhone'],
            orderBy: { id: 'asc' },
            limit,
          }),
        async (row: any) => {
          const { count } = await strapi.db.query(UID.patient).updateMany({
            where: { id: row.id, emergencyContactPhone: row.emergencyContactPhone },
            data: { emergencyContactPhone: pii().encrypt(row.emergencyContactPhone, EMERGENCY_PHONE_AAD) },
          });
          return count === 1;
        },
      );
      return counts.processed;
    },

    /** Shapes a stored patient for a viewer. Only the owner sees the full ID number, and only in detail views. */
    present(patient: any, view: PatientView) {
      const secret = (field: SecretField) => pii().decrypt(patient[SECRET_FIELDS[field].column], SECRET_FIELDS[field].aad) ?? null;
      const stored = patient.emergencyContactPhone;
      const emergencyPhone: string | null = (isEncrypted(stored) ? pii().decrypt(stored, EMERGENCY_PHONE_AAD) : stored) || null;
      const base = {
        documentId: patient.documentId,
        name: patient.name,
        gender: patient.gender ?? null,
        birthDate: patient.birthDate ?? null,
        relationship: patient.relationship,
        selfCareAbility: patient.selfCareAbility,
        idNumberMasked: patient.idNumberMasked ?? null,
        defaultHospital: patient.defaultHospital ? { documentId: patient.defaultHospital.documentId, name: patient.defaultHospital.name } : null,
        defaultDepartment: patient.defaultDepartment ?? null,
      };
      if (view === 'operator') return base;
      const medical = {
        condition: secret('condition'),
        medicalHistory: secret('medicalHistory'),
        medications: secret('medications'),
        allergies: secret('allergies'),
      };
      if (view === 'caregiver') {
        return { ...base, ...medical, emergencyContactName: patient.emergencyContactName ?? null, emergencyContactPhone: maskPhone(emergencyPhone) || null };
      }
      return {
        ...base,
        ...(view === 'owner' ? { idNumber: pii().decrypt(patient.idNumberCipher, 'patient.idNumber') ?? null } : {}),
        ...medical,
        emergencyContactName: patient.emergencyContactName ?? null,
        emergencyContactPhone: emergencyPhone,
        emergencyContactRelationship: patient.emergencyContactRelationship ?? null,
        createdAt: patient.createdAt,
        updatedAt: patient.updatedAt,
      };
    },

    async list(ownerId: number) {
      const rows = await strapi.db.query(UID.patient).findMany({ where: { ownerId }, orderBy: { id: 'asc' }, populate: { defaultHospital: true } });
      return rows.map((row: any) => api.present(row, 'owner-list'));
    },

    async get(ownerId: number, documentId: string) {
      return api.present(await findOwned(ownerId, documentId), 'owner');
    },

    /** Loads a patient by internal id without an owner check, for services that have done their own. */
    async loadById(id: number) {
      return strapi.db.query(UID.patient).findOne({ where: { id }, populate: { defaultHospital: true } });
    },

    async create(ownerId: number, input: PatientInput) {
      const data = await toColumns(input);
      const { maxPatients } = bookingConfig(strapi).accounts;
      const created = await strapi.db.transaction(async ({ trx }) => {
        // Serialise per owner so that two parallel creates cannot both pass the count and duplicate checks.
        await lockKey(strapi, trx, `patients:${ownerId}`);
        const count = await strapi.db.query(UID.patient).count({ where: { ownerId } });
        if (count >= maxPatients) throw new DomainError('PATIENT_LIMIT', `最多可添加 ${maxPatients} 位就诊人`);
        await assertIdNumberFree(ownerId, data.idNumberHash);
        return strapi.db.query(UID.patient).create({ data: { ...data, ownerId } });
      });
      return api.get(ownerId, created.documentId);
    },

    async update(ownerId: number, documentId: string, input: PatientInput) {
      const patient = await findOwned(ownerId, documentId);
      const data = await toColumns(input);
      await strapi.db.transaction(async ({ trx }) => {
        await lockKey(strapi, trx, `patients:${ownerId}`);
        await assertIdNumberFree(ownerId, data.idNumberHash, patient.id);
        await strapi.db.query(UID.patient).update({ where: { id: patient.id }, data });
      });
      return api.get(ownerId, documentId);
    },

    async remove(ownerId: number, documentId: string) {
      const patient = await findOwned(ownerId, documentId);
      await strapi.db.query(UID.patient).delete({ where: { id: patient.id } });
      return { documentId, deleted: true };
    },

    async removeAllOf(ownerId: number) {
      await strapi.db.query(UID.patient).deleteMany({ where: { ownerId } });
    },
  };
  return api;
};
