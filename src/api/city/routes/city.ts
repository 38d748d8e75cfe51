import { factories } from '@strapi/strapi';

// Editors maintain the catalog in the admin panel; the content API only reads it.
export default factories.createCoreRouter('api::city.city', { only: ['find', 'findOne'] });
