import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::training-course.training-course');
