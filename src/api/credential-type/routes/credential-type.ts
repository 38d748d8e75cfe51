import { factories } from '@strapi/strapi';

// Editors maintain the catalog in the admin panel; the content API only reads it.
export default factories.createCoreRouter('api::credential-type.credential-type', { only: ['find', 'findOne'] });
