import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::credential-type.credential-type');
