const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::booking-request.booking-request');
