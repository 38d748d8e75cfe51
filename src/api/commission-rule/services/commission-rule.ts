import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::commission-rule.commission-rule');
