import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::credential-type.credential-type');
