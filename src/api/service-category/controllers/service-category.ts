import { controllerWithDefaultPopulate } from '../../../utils/default-populate';

// Front ends render the category tree: neighbours in the tree come along.
export default controllerWithDefaultPopulate('api::service-category.service-category', {
  parent: { fields: ['name', 'slug'] },
  children: { fields: ['name', 'slug', 'icon', 'sortOrder'] },
});
