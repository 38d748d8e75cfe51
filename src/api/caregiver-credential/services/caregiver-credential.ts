import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::caregiver-credential.caregiver-credential');
