import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::commission-rule.commission-rule');
