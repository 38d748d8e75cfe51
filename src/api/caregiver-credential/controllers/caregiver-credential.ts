import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::caregiver-credential.caregiver-credential');
