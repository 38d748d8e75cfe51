import { z } from 'zod';
import { documentId, isoDate, longText, phoneSchema, shortText } from './common';

const fields = {
  name: shortText(30, '姓名').min(1, '请填写就诊人姓名'),
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: isoDate.nullable(),
  relationship: z.enum(['self', 'parent', 'spouse', 'child', 'sibling', 'grandparent', 'relative', 'friend', 'other']),
  // The full GB 11643 check (with a precise message) runs in the service; this only rejects obvious junk early.
  idNumber: z.string().trim().max(18, '身份证号为 18 位').nullable(),
  condition: longText(2000, '病情描述').nullable(),
  medicalHistory: longText(4000, '既往病史').nullable(),
  medications: longText(2000, '用药情况').nullable(),
  allergies: longText(1000, '过敏史').nullable(),
  selfCareAbility: z.enum(['independent', 'partially_dependent', 'dependent']),
  defaultHospital: documentId('医院').nullable(),
  defaultDepartment: shortText(60, '科室').nullable(),
  emergencyContactName: shortText(30, '紧急联系人').nullable(),
  emergencyContactPhone: phoneSchema.nullable(),
  emergencyContactRelationship: shortText(20, '与紧急联系人的关系').nullable(),
};

export const createPatientBody = z.strictObject({
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])),
  name: fields.name,
  relationship: fields.relationship,
}) as z.ZodType<Record<string, unknown>>;

export const updatePatientBody = z
  .strictObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])))
  .refine((value) => Object.keys(value).length > 0, '没有要修改的内容') as z.ZodType<Record<string, unknown>>;
