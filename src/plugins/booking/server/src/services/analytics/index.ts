/** Analytics: events, business / behaviour / quality figures, catalog search. */
import analytics from './analytics';
import analyticsBehaviour from './analytics-behaviour';
import analyticsBusiness from './analytics-business';
import analyticsQuality from './analytics-quality';
import catalogSearch from './catalog-search';

export default {
  analytics,
  'analytics-behaviour': analyticsBehaviour,
  'analytics-business': analyticsBusiness,
  'analytics-quality': analyticsQuality,
  'catalog-search': catalogSearch,
};
