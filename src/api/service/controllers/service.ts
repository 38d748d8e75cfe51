import { controllerWithDefaultPopulate } from '../../../utils/default-populate';

// A service's detail page is useless without its price, steps and category.
export default controllerWithDefaultPopulate('api::service.service', {
  category: { fields: ['name', 'slug', 'icon'] },
  cover: { fields: ['url', 'alternativeText', 'width', 'height', 'formats'] },
  gallery: { fields: ['url', 'alternativeText', 'width', 'height', 'formats'] },
  process: true,
  pricing: true,
  requiredCredentialTypes: { fields: ['code', 'name'] },
  cities: { fields: ['code', 'name'] },
});
