/**
 * The detail pages of the demo catalog, composed from the same blocks an editor uses in the Content Manager
 * (src/components/blocks): a picture, the service text, the steps, a price table, a gallery, a notice and an FAQ.
 * Pictures are named after the files in src/seed/pictures; the seeder turns names into upload ids.
 */
import type { SeedService } from './catalog-types';

export type SeedLocale = 'zh-Hans' | 'en';
type Text = Record<SeedLocale, string>;

/** Sub-categories belong to a top-level category, whose page extras and colours they share. */
export const TOP_CATEGORY: Record<string, string> = {
  'injection-infusion': 'home-nursing',
  'blood-sampling': 'home-nursing',
  'wound-care': 'home-nursing',
  'full-escort': 'hospital-escort',
  errands: 'hospital-escort',
};
export const topCategoryOf = (slug: string) => TOP_CATEGORY[slug] ?? slug;

/** Scene pictures: alt text doubles as the caption. */
export const SCENES: Record<string, Text> = {
  'home-companion': { 'zh-Hans': '陪护员在家中陪老人聊天、喝茶', en: 'A companion chatting with an elderly man over tea at home' },
  'hospital-ward': { 'zh-Hans': '病房里的陪护员随时留意患者的需要', en: 'A caregiver at the bedside in a hospital ward' },
  'nurse-visit': { 'zh-Hans': '护士携带耗材上门服务', en: 'A nurse arriving at the door with her kit' },
  'hospital-escort': { 'zh-Hans': '陪诊师在医院门口与老人会合', en: 'An escort meeting an elderly patient at the hospital gate' },
  rehab: { 'zh-Hans': '护理员协助老人借助助行器练习行走', en: 'A carer helping an elderly man practise walking with a walker' },
  'night-care': { 'zh-Hans': '夜间陪护员守在床边', en: 'A night companion keeping watch by the bed' },
  maternity: { 'zh-Hans': '月嫂协助新手妈妈照顾宝宝', en: 'A maternity nurse helping a new mother with the baby' },
  consultation: { 'zh-Hans': '护士与家属一起商量照护方案', en: 'A nurse and a family member planning the care together' },
};

interface Extras {
  scene: string;
  gallery: [string, string];
  notice: { tone: 'info' | 'warning' } & Record<SeedLocale, { title: string; body: string } | undefined>;
  faq: Record<SeedLocale, Array<[string, string]> | undefined>;
}

export const PAGE_EXTRAS: Record<string, Extras> = {
  'online-escort': {
    scene: 'home-companion',
    gallery: ['night-care', 'hospital-escort'],
    notice: {
      tone: 'info',
      'zh-Hans': { title: '派单说明', body: '下单并支付后，平台按距离与资质为您匹配陪护员；未支付的订单 15 分钟后自动取消。' },
      en: {
        title: 'How matching works',
        body: 'Once the order is paid, the platform matches a companion by distance and qualifications. Unpaid orders are cancelled after 15 minutes.',
      },
    },
    faq: {
      'zh-Hans': [
        ['陪护员都经过哪些审核？', '实名认证、健康证核验和平台岗前培训考核，上岗后按评价和投诉记录动态管理。'],
        ['可以指定上次服务过的陪护员吗？', '可以。在下单页选择「指定陪护员」，对方在服务时段空闲且接受后即可派单。'],
        ['服务中途需要延长时间怎么办？', '在订单页申请加时，陪护员确认后按同一单价补付差额即可。'],
      ],
      en: [
        [
          'How are companions vetted?',
          'Real-name verification, a valid health certificate and the platform’s pre-service training and exam; after that, reviews and complaints keep them in check.',
        ],
        ['Can I book the same companion again?', 'Yes. Choose “preferred companion” when booking; the order goes to them if they are free and accept.'],
        ['What if we need more time?', 'Request extra hours on the order page; once the companion agrees, you pay the difference at the same rate.'],
      ],
    },
  },
  nursing: {
    scene: 'rehab',
    gallery: ['home-companion', 'consultation'],
    notice: {
      tone: 'warning',
      'zh-Hans': { title: '下单前请告知', body: '被照护人如有跌倒史、吞咽困难或认知障碍，请在下单时如实填写，便于安排有相应经验的护理员。' },
      en: {
        title: 'Please tell us',
        body: 'If the person has fallen recently, has trouble swallowing or has dementia, say so when booking so that an experienced carer is sent.',
      },
    },
    faq: {
      'zh-Hans': [
        ['服务时需要准备什么？', '请准备老人的日常用品、常用药清单和紧急联系人电话；助浴服务需提前确认浴室防滑和热水。'],
        ['护理员能帮忙做康复训练吗？', '护理员按康复师或医生给出的训练计划协助完成，不自行制定训练方案。'],
        ['老人不配合怎么办？', '护理员会先沟通安抚，必要时暂停服务并联系家属，不强迫老人进行任何操作。'],
      ],
      en: [
        ['What should we prepare?', 'Daily necessities, a list of regular medicines and an emergency contact; for bathing, a non-slip bathroom and hot water.'],
        ['Can the carer run rehabilitation exercises?', 'The carer follows the plan a therapist or doctor wrote and does not design exercises on their own.'],
        ['What if my father refuses help?', 'The carer talks him through it first; if he still refuses, they pause and call you. Nothing is ever forced.'],
      ],
    },
  },
  'inpatient-care': {
    scene: 'hospital-ward',
    gallery: ['night-care', 'consultation'],
    notice: {
      tone: 'info',
      'zh-Hans': { title: '陪护与医护分工', body: '陪护员负责生活照护，不替代医护人员的治疗与护理操作；病情变化请第一时间告知病区护士。' },
      en: {
        title: 'Who does what',
        body: 'Caregivers look after daily needs; treatment and nursing stay with the ward’s staff. Tell the ward nurse at once if anything changes.',
      },
    },
    faq: {
      'zh-Hans': [
        ['医院允许请外部陪护吗？', '大多数医院允许家属自行聘请陪护，少数病区有统一管理要求，请先向护士站确认。'],
        ['陪护员晚上睡在哪里？', '按医院规定使用陪护椅或陪护床；夜间陪护服务期间陪护员保持清醒值守。'],
        ['一对多陪护怎么收费？', '同一病房内一名陪护员照看 2–3 位患者，按人计费，价格低于一对一陪护。'],
      ],
      en: [
        ['Does the hospital allow outside caregivers?', 'Most do; a few wards have their own rules, so check with the nurses’ station first.'],
        ['Where does the caregiver sleep?', 'On the ward’s companion chair or bed, as the hospital allows. Night-care caregivers stay awake.'],
        ['How is shared care priced?', 'One caregiver looks after 2–3 patients in the same room; each pays less than for one-to-one care.'],
      ],
    },
  },
  'home-nursing': {
    scene: 'nurse-visit',
    gallery: ['consultation', 'home-companion'],
    notice: {
      tone: 'warning',
      'zh-Hans': { title: '安全须知', body: '上门护理由持有效护士执业证书的护士提供；不符合安全条件的操作，护士有权拒绝并全额退款。' },
      en: {
        title: 'Safety first',
        body: 'Home nursing is done by licensed nurses. A nurse may refuse any procedure that is not safe at home; you are then refunded in full.',
      },
    },
    faq: {
      'zh-Hans': [
        ['需要准备医院处方吗？', '需要。注射、输液等项目须出示二级及以上医院开具的处方或医嘱，护士核对后方可操作。'],
        ['药品和耗材谁来准备？', '药品由患者凭处方自备；一次性耗材由护士携带，按实际用量另计。'],
        ['首次输液可以上门吗？', '不可以。首次使用的药物须在医院完成，确认无不良反应后方可预约上门。'],
      ],
      en: [
        [
          'Do I need a prescription?',
          'Yes. Injections and infusions need a prescription from a grade-2 or higher hospital; the nurse checks it before starting.',
        ],
        ['Who brings medicines and supplies?', 'You provide the prescribed medicine; the nurse brings single-use supplies, charged at cost.'],
        ['Can the first dose be given at home?', 'No. A medicine’s first dose is given in hospital; home visits start once it was tolerated.'],
      ],
    },
  },
  'hospital-escort': {
    scene: 'hospital-escort',
    gallery: ['consultation', 'hospital-ward'],
    notice: {
      tone: 'info',
      'zh-Hans': { title: '就诊材料', body: '请携带患者身份证、医保卡和既往病历；代办类服务需提前提供挂号账号或书面授权。' },
      en: {
        title: 'Bring these',
        body: 'The patient’s ID card, medical-insurance card and earlier records. Errands need the booking account or a written authorisation.',
      },
    },
    faq: {
      'zh-Hans': [
        ['陪诊师能代替患者看病吗？', '不能。陪诊师负责挂号、排队、缴费、取药和陪同，诊疗必须由患者本人完成。'],
        ['在哪里和陪诊师会合？', '下单时填写医院和会合地点，陪诊师提前 15 分钟到达并电话联系。'],
        ['超出预约时长怎么算？', '陪诊师会提前告知，在订单内发起加时，确认后按单价补付。'],
      ],
      en: [
        [
          'Can the escort see the doctor for the patient?',
          'No. The escort queues, pays, fetches medicine and stays with the patient; the consultation is the patient’s own.',
        ],
        ['Where do we meet?', 'At the hospital and meeting point you give when booking; the escort arrives 15 minutes early and calls.'],
        ['What if it takes longer?', 'The escort tells you and requests extra time on the order; you pay the difference once you agree.'],
      ],
    },
  },
  'personalized-care': {
    scene: 'consultation',
    gallery: ['home-companion', 'maternity'],
    notice: {
      tone: 'info',
      'zh-Hans': { title: '先评估再服务', body: '专项照护开始前会先安排一次评估，评估结果用于匹配合适的照护人员和照护计划。' },
      en: undefined,
    },
    faq: {
      'zh-Hans': [
        ['照护方案如何制定？', '护士上门评估身体状况、居家环境和照护需求后，与家属一起确定照护计划。'],
        ['服务可以随时调整吗？', '可以。照护计划按周回顾，家属可随时提出调整，平台安排专员跟进。'],
        ['照护人员有专项培训吗？', '认知症、母婴和安宁疗护岗位须完成平台专项课程并通过考试。'],
      ],
      en: undefined,
    },
  },
};

/** Pictures shown first on a service page when its category's default does not fit it. */
const SCENE_OVERRIDES: Record<string, string> = {
  'night-companion-care': 'night-care',
  'night-inpatient-care': 'night-care',
  'maternity-nurse': 'maternity',
  'care-plan-assessment': 'consultation',
  'assisted-bathing': 'home-companion',
};

const UNIT: Record<SeedService['pricing']['unit'], Text> = {
  per_visit: { 'zh-Hans': '次', en: 'visit' },
  hour: { 'zh-Hans': '小时', en: 'hour' },
  half_day: { 'zh-Hans': '半天（4小时）', en: 'half day (4 h)' },
  day: { 'zh-Hans': '天（24小时）', en: 'day (24 h)' },
  night: { 'zh-Hans': '晚（20:00–次日08:00）', en: 'night (20:00–08:00)' },
};
export const unitLabel = (unit: SeedService['pricing']['unit'], locale: SeedLocale) => UNIT[unit][locale];

const LABELS: Record<string, Text> = {
  base: { 'zh-Hans': '基础价格', en: 'Base price' },
  night: { 'zh-Hans': '夜间（20:00–08:00）加收', en: 'Night (20:00–08:00) surcharge' },
  weekend: { 'zh-Hans': '周末加收', en: 'Weekend surcharge' },
  holiday: { 'zh-Hans': '法定节假日加收', en: 'Public holiday surcharge' },
  dependent: { 'zh-Hans': '被照护人不能自理加收', en: 'Surcharge when the person cannot care for themselves' },
  ofBase: { 'zh-Hans': '按基础价格', en: 'of the base price' },
  minimum: { 'zh-Hans': '起订', en: 'minimum' },
  footnote: {
    'zh-Hans': '以上价格已含同城交通费，耗材与药品按实际另计；下单时按价格规则自动计算。',
    en: 'Prices include travel within the city; supplies and medicines are charged at cost. The order page computes the total from these rules.',
  },
  intro: { 'zh-Hans': '服务内容', en: 'What is included' },
  steps: { 'zh-Hans': '服务流程', en: 'How it works' },
  prices: { 'zh-Hans': '价格说明', en: 'Prices' },
  gallery: { 'zh-Hans': '服务现场', en: 'In pictures' },
  faq: { 'zh-Hans': '常见问题', en: 'Questions' },
};

/** The price table shown on the page, derived from the pricing rule so the page cannot disagree with the charge. */
export function priceRows(pricing: SeedService['pricing'], locale: SeedLocale) {
  const per = unitLabel(pricing.unit, locale);
  const rows: Array<{ label: string; amountFen?: number; percent?: number; per?: string; note?: string }> = [
    {
      label: LABELS.base[locale],
      amountFen: pricing.basePriceFen,
      per,
      ...(pricing.minUnits > 1 ? { note: `${LABELS.minimum[locale]} ${pricing.minUnits}` } : {}),
    },
  ];
  if (pricing.nightSurchargeFen > 0) rows.push({ label: LABELS.night[locale], amountFen: pricing.nightSurchargeFen, per });
  if (pricing.weekendSurchargePercent > 0) rows.push({ label: LABELS.weekend[locale], percent: pricing.weekendSurchargePercent, note: LABELS.ofBase[locale] });
  if (pricing.holidaySurchargePercent > 0) rows.push({ label: LABELS.holiday[locale], percent: pricing.holidaySurchargePercent, note: LABELS.ofBase[locale] });
  if (pricing.dependentSurchargeFen > 0) rows.push({ label: LABELS.dependent[locale], amountFen: pricing.dependentSurchargeFen, per });
  return rows;
}

export interface PageText {
  content: string;
  process: Array<{ title: string; description: string }>;
}

type PictureId = (name: string, alt: string) => Promise<number | null>;

/**
 * The body (dynamic zone) of one service in one locale. Image blocks are left out when pictures are off, so a
 * page never carries a block without its picture.
 */
export async function buildBody(service: SeedService, text: PageText, locale: SeedLocale, picture: PictureId) {
  const top = topCategoryOf(service.categorySlug);
  const extras = PAGE_EXTRAS[top];
  const scene = SCENE_OVERRIDES[service.slug] ?? extras.scene;
  const sceneId = await picture(`scene-${scene}`, SCENES[scene]['zh-Hans']);
  const galleryIds = (await Promise.all(extras.gallery.map((name) => picture(`scene-${name}`, SCENES[name]['zh-Hans'])))).filter(
    (id): id is number => id !== null,
  );
  const notice = extras.notice[locale];
  const faq = extras.faq[locale];

  return [
    ...(sceneId ? [{ __component: 'blocks.image', image: sceneId, caption: SCENES[scene][locale] }] : []),
    { __component: 'blocks.rich-text', title: LABELS.intro[locale], body: text.content },
    { __component: 'blocks.process', title: LABELS.steps[locale], steps: text.process.map((step, i) => ({ order: i + 1, ...step })) },
    { __component: 'blocks.price-table', title: LABELS.prices[locale], rows: priceRows(service.pricing, locale), footnote: LABELS.footnote[locale] },
    ...(galleryIds.length ? [{ __component: 'blocks.gallery', title: LABELS.gallery[locale], images: galleryIds }] : []),
    ...(notice ? [{ __component: 'blocks.notice', tone: extras.notice.tone, ...notice }] : []),
    ...(faq ? [{ __component: 'blocks.faq', title: LABELS.faq[locale], items: faq.map(([question, answer]) => ({ question, answer })) }] : []),
  ];
}
