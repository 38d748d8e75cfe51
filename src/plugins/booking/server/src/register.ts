import type { Core } from '@strapi/strapi';
import { registerGraphql } from './graphql';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerGraphql(strapi);
};
