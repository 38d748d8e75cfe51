import type { Schema, Struct } from '@strapi/strapi';

export interface BlocksFaq extends Struct.ComponentSchema {
  collectionName: 'components_blocks_faqs';
  info: {
    displayName: 'FAQ \u5E38\u89C1\u95EE\u9898';
    icon: 'question';
  };
  attributes: {
    items: Schema.Attribute.Component<'blocks.faq-item', true> &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 30;
          min: 1;
        },
        number
      >;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface BlocksFaqItem extends Struct.ComponentSchema {
  collectionName: 'components_blocks_faq_items';
  info: {
    displayName: 'FAQ item \u95EE\u7B54';
    icon: 'question';
  };
  attributes: {
    answer: Schema.Attribute.Text &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    question: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
  };
}

export interface BlocksGallery extends Struct.ComponentSchema {
  collectionName: 'components_blocks_galleries';
  info: {
    description: 'Several pictures shown as a strip or grid.';
    displayName: 'Gallery \u56FE\u96C6';
    icon: 'landscape';
  };
  attributes: {
    images: Schema.Attribute.Media<'images', true> & Schema.Attribute.Required;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface BlocksImage extends Struct.ComponentSchema {
  collectionName: 'components_blocks_images';
  info: {
    description: 'One picture with a caption.';
    displayName: 'Image \u56FE\u7247';
    icon: 'picture';
  };
  attributes: {
    caption: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    image: Schema.Attribute.Media<'images'> & Schema.Attribute.Required;
  };
}

export interface BlocksNotice extends Struct.ComponentSchema {
  collectionName: 'components_blocks_notices';
  info: {
    description: 'A highlighted box: information, or a warning the customer must read.';
    displayName: 'Notice \u63D0\u793A';
    icon: 'information';
  };
  attributes: {
    body: Schema.Attribute.Text &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    tone: Schema.Attribute.Enumeration<['info', 'warning']> & Schema.Attribute.Required & Schema.Attribute.DefaultTo<'info'>;
  };
}

export interface BlocksPriceRow extends Struct.ComponentSchema {
  collectionName: 'components_blocks_price_rows';
  info: {
    description: 'One line of a price table. Amounts are integer fen (\u5206).';
    displayName: 'Price row \u4EF7\u683C\u884C';
    icon: 'priceTag';
  };
  attributes: {
    amountFen: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 100000000;
          min: 0;
        },
        number
      >;
    label: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    note: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    per: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 30;
      }>;
    percent: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 300;
          min: 0;
        },
        number
      >;
  };
}

export interface BlocksPriceTable extends Struct.ComponentSchema {
  collectionName: 'components_blocks_price_tables';
  info: {
    description: "A table of prices and surcharges, shown as written (what is charged comes from the service's pricing rule).";
    displayName: 'Price table \u4EF7\u683C\u8868';
    icon: 'priceTag';
  };
  attributes: {
    footnote: Schema.Attribute.Text &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 300;
      }>;
    rows: Schema.Attribute.Component<'blocks.price-row', true> &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 30;
          min: 1;
        },
        number
      >;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface BlocksProcess extends Struct.ComponentSchema {
  collectionName: 'components_blocks_processes';
  info: {
    description: 'Numbered steps of the service.';
    displayName: 'Process \u670D\u52A1\u6D41\u7A0B';
    icon: 'bulletList';
  };
  attributes: {
    steps: Schema.Attribute.Component<'catalog.process-step', true> &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 20;
          min: 1;
        },
        number
      >;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface BlocksRichText extends Struct.ComponentSchema {
  collectionName: 'components_blocks_rich_texts';
  info: {
    description: 'A section of Markdown text.';
    displayName: 'Rich text \u56FE\u6587\u6BB5\u843D';
    icon: 'paragraph';
  };
  attributes: {
    body: Schema.Attribute.RichText & Schema.Attribute.Required;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface BlocksVideo extends Struct.ComponentSchema {
  collectionName: 'components_blocks_videos';
  info: {
    description: 'A link to a video hosted elsewhere (https), with an optional poster picture.';
    displayName: 'Video link \u89C6\u9891';
    icon: 'play';
  };
  attributes: {
    poster: Schema.Attribute.Media<'images'>;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 80;
      }>;
    url: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 500;
      }>;
  };
}

export interface CatalogDepartment extends Struct.ComponentSchema {
  collectionName: 'components_catalog_departments';
  info: {
    displayName: 'Department \u79D1\u5BA4';
    icon: 'apps';
  };
  attributes: {
    floor: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    name: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface CatalogPricing extends Struct.ComponentSchema {
  collectionName: 'components_catalog_pricings';
  info: {
    description: 'Price standard of a service item. All amounts are integer fen (\u5206).';
    displayName: 'Pricing \u4EF7\u683C\u89C4\u5219';
    icon: 'priceTag';
  };
  attributes: {
    basePriceFen: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 100000000;
          min: 0;
        },
        number
      >;
    dependentSurchargeFen: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 100000000;
          min: 0;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0>;
    holidaySurchargePercent: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 300;
          min: 0;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0>;
    maxUnits: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 1000;
          min: 1;
        },
        number
      > &
      Schema.Attribute.DefaultTo<30>;
    minUnits: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 1000;
          min: 1;
        },
        number
      > &
      Schema.Attribute.DefaultTo<1>;
    nightSurchargeFen: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 100000000;
          min: 0;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0>;
    unit: Schema.Attribute.Enumeration<['per_visit', 'hour', 'half_day', 'day', 'night']> & Schema.Attribute.Required & Schema.Attribute.DefaultTo<'per_visit'>;
    visitMinutes: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 1440;
          min: 10;
        },
        number
      > &
      Schema.Attribute.DefaultTo<60>;
    weekendSurchargePercent: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          max: 300;
          min: 0;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0>;
  };
}

export interface CatalogProcessStep extends Struct.ComponentSchema {
  collectionName: 'components_catalog_process_steps';
  info: {
    displayName: 'Process step \u670D\u52A1\u6D41\u7A0B\u6B65\u9AA4';
    icon: 'bulletList';
  };
  attributes: {
    description: Schema.Attribute.Text &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    order: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 100;
          min: 1;
        },
        number
      >;
    title: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
  };
}

export interface TrainingQuestion extends Struct.ComponentSchema {
  collectionName: 'components_training_questions';
  info: {
    description: 'One question; the answer keys are private and only ever read by the server-side grader.';
    displayName: 'Exam question \u8003\u9898';
  };
  attributes: {
    answer: Schema.Attribute.JSON & Schema.Attribute.Required & Schema.Attribute.Private;
    options: Schema.Attribute.JSON & Schema.Attribute.Required;
    points: Schema.Attribute.Integer &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMax<
        {
          max: 100;
          min: 1;
        },
        number
      > &
      Schema.Attribute.DefaultTo<1>;
    prompt: Schema.Attribute.Text &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    type: Schema.Attribute.Enumeration<['single', 'multiple', 'true_false']> & Schema.Attribute.Required & Schema.Attribute.DefaultTo<'single'>;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'blocks.faq': BlocksFaq;
      'blocks.faq-item': BlocksFaqItem;
      'blocks.gallery': BlocksGallery;
      'blocks.image': BlocksImage;
      'blocks.notice': BlocksNotice;
      'blocks.price-row': BlocksPriceRow;
      'blocks.price-table': BlocksPriceTable;
      'blocks.process': BlocksProcess;
      'blocks.rich-text': BlocksRichText;
      'blocks.video': BlocksVideo;
      'catalog.department': CatalogDepartment;
      'catalog.pricing': CatalogPricing;
      'catalog.process-step': CatalogProcessStep;
      'training.question': TrainingQuestion;
    }
  }
}
