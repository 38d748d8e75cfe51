export default {
  routes: [{ method: 'GET', path: '/service-categories/by-slug/:slug', handler: 'service-category.findBySlug', config: { policies: [] } }],
};
