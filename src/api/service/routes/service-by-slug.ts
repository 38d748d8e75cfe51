// Front ends link to a service by its slug; the answer is the same detail page as GET /services/:documentId.
export default {
  routes: [{ method: 'GET', path: '/services/by-slug/:slug', handler: 'service.findBySlug', config: { policies: [] } }],
};
