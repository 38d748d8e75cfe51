/** Demo training courses and their exams (简体中文). Option keys are stable codes; answers list the correct keys. */
export interface SeedQuestion {
  type: 'single' | 'multiple' | 'true_false';
  prompt: string;
  options: Array<{ key: string; text: string }>;
  answer: string[];
  points: number;
}

export interface SeedCourse {
  slug: string;
  title: string;
  summary: string;
  content: string;
  durationMinutes: number;
  requiredForAll: boolean;
  requiredServiceSlugs: string[];
  sortOrder: number;
  exam: { title: string; passMark: number; timeLimitMinutes: number; attemptLimit: number; questions: SeedQuestion[] };
}

const TF = [
  { key: 'true', text: '正确' },
  { key: 'false', text: '错误' },
];

export const trainingCourses: SeedCourse[] = [
  {
    slug: 'escort-service-etiquette',
    title: '陪诊服务规范与沟通礼仪',
    summary: '陪诊全流程服务标准、与患者及家属沟通的要点、隐私保护与投诉预防。所有陪护人员必修。',
    durationMinutes: 45,
    requiredForAll: true,
    requiredServiceSlugs: [],
    sortOrder: 1,
    content: [
      '## 一、服务前准备',
      '- 提前一天与家属电话确认就诊时间、医院、科室、是否空腹及需携带的病历、医保卡。',
      '- 着统一工装、佩戴工牌，提前 15 分钟到达约定地点。',
      '## 二、院内陪同',
      '- 协助取号、缴费、检查排队，全程不离开患者视线；轮椅患者上下坡倒行。',
      '- 医生问诊时如实转述病情，不替医生解释诊断，不推荐药品或其他机构。',
      '## 三、沟通礼仪',
      '- 称呼使用“阿姨/叔叔”或患者希望的称呼，语速放慢，对听力下降的老人面对面说话。',
      '- 遇到情绪激动的家属，先倾听再回应，不争辩，必要时联系平台客服。',
      '## 四、隐私与安全',
      '- 不拍摄、不传播患者病历、检查报告及面部照片；服务结束后删除与患者的临时聊天记录中的敏感信息。',
      '- 不收受红包礼品，不私下加价或约单。',
    ].join('\n'),
    exam: {
      title: '陪诊服务规范与沟通礼仪 考核',
      passMark: 80,
      timeLimitMinutes: 20,
      attemptLimit: 3,
      questions: [
        {
          type: 'single',
          prompt: '陪诊人员应在约定时间前多久到达约定地点？',
          options: [
            { key: 'A', text: '准时到达即可' },
            { key: 'B', text: '提前 15 分钟' },
            { key: 'C', text: '提前 1 小时' },
            { key: 'D', text: '患者到达后再到' },
          ],
          answer: ['B'],
          points: 20,
        },
        {
          type: 'multiple',
          prompt: '以下哪些行为违反陪诊服务规范？（多选）',
          options: [
            { key: 'A', text: '向患者推荐其他医院的专家号' },
            { key: 'B', text: '拍摄患者检查报告发到朋友圈' },
            { key: 'C', text: '协助患者排队缴费' },
            { key: 'D', text: '收受家属红包' },
          ],
          answer: ['A', 'B', 'D'],
          points: 30,
        },
        {
          type: 'true_false',
          prompt: '医生问诊时，陪诊人员可以根据经验向患者解释诊断结果。',
          options: TF,
          answer: ['false'],
          points: 20,
        },
        {
          type: 'single',
          prompt: '推轮椅下坡时，正确的做法是？',
          options: [
            { key: 'A', text: '正面向前快速通过' },
            { key: 'B', text: '倒行下坡，控制速度' },
            { key: 'C', text: '让患者自己下坡' },
          ],
          answer: ['B'],
          points: 30,
        },
      ],
    },
  },
  {
    slug: 'elderly-fall-prevention',
    title: '老年人跌倒预防与应急处理',
    summary: '居家与院内跌倒风险评估、环境改造建议、跌倒后的初步判断与正确处置流程。',
    durationMinutes: 60,
    requiredForAll: false,
    requiredServiceSlugs: ['home-daily-living-care', 'disabled-elderly-care', 'dementia-care', 'full-escort'],
    sortOrder: 2,
    content: [
      '## 一、跌倒风险评估',
      '- 高风险因素：年龄 ≥ 65 岁、近一年有跌倒史、服用镇静催眠药或降压药、步态不稳、视力下降、夜尿频繁。',
      '## 二、预防措施',
      '- 保持地面干燥、通道无杂物，夜间开启小夜灯；卫生间加装扶手和防滑垫。',
      '- 起床遵循“三个 30 秒”：醒后躺 30 秒、坐起 30 秒、站立 30 秒再行走。',
      '## 三、跌倒后的处置',
      '1. 不要急于扶起老人，先判断意识、呼吸和有无剧烈疼痛、肢体畸形。',
      '2. 怀疑骨折或头部受伤、意识不清时，原地保暖并立即拨打 120，同时通知家属与平台。',
      '3. 无明显受伤时，协助老人侧身、跪起，借助稳固椅子缓慢坐起，观察 24 小时。',
      '4. 如实记录跌倒时间、经过与处置，上报平台。',
    ].join('\n'),
    exam: {
      title: '老年人跌倒预防与应急处理 考核',
      passMark: 80,
      timeLimitMinutes: 20,
      attemptLimit: 3,
      questions: [
        {
          type: 'true_false',
          prompt: '老人跌倒后，应立即将其扶起，避免着凉。',
          options: TF,
          answer: ['false'],
          points: 25,
        },
        {
          type: 'multiple',
          prompt: '以下哪些属于老年人跌倒的高风险因素？（多选）',
          options: [
            { key: 'A', text: '近一年有跌倒史' },
            { key: 'B', text: '服用镇静催眠药' },
            { key: 'C', text: '夜尿频繁' },
            { key: 'D', text: '每天散步 30 分钟' },
          ],
          answer: ['A', 'B', 'C'],
          points: 25,
        },
        {
          type: 'single',
          prompt: '老人跌倒后意识不清，首先应该怎么做？',
          options: [
            { key: 'A', text: '给老人喂水' },
            { key: 'B', text: '原地保暖并立即拨打 120，同时通知家属和平台' },
            { key: 'C', text: '扶老人到床上休息观察' },
          ],
          answer: ['B'],
          points: 25,
        },
        {
          type: 'single',
          prompt: '起床“三个 30 秒”的正确顺序是？',
          options: [
            { key: 'A', text: '躺 30 秒 → 坐 30 秒 → 站 30 秒' },
            { key: 'B', text: '坐 30 秒 → 站 30 秒 → 走 30 秒' },
            { key: 'C', text: '站 30 秒 → 坐 30 秒 → 躺 30 秒' },
          ],
          answer: ['A'],
          points: 25,
        },
      ],
    },
  },
  {
    slug: 'aseptic-technique-home-nursing',
    title: '无菌操作与感染防控（护士上门）',
    summary: '上门护理的手卫生、无菌操作原则、医疗废物处理与职业暴露处置。护士上门类服务必修。',
    durationMinutes: 90,
    requiredForAll: false,
    requiredServiceSlugs: [
      'infusion-at-home',
      'injection-at-home',
      'venous-blood-draw',
      'suture-removal-dressing',
      'picc-maintenance',
      'urinary-catheter-care',
    ],
    sortOrder: 3,
    content: [
      '## 一、手卫生',
      '- 严格执行“两前三后”：接触患者前、无菌操作前；接触体液后、接触患者后、接触患者周围环境后。',
      '- 采用七步洗手法，揉搓时间不少于 15 秒；无流动水时使用速干手消毒剂。',
      '## 二、无菌操作原则',
      '- 无菌物品与非无菌物品分开放置，无菌包打开后 4 小时内有效。',
      '- 操作中无菌物品疑有污染或已被污染，应立即更换。',
      '## 三、医疗废物',
      '- 针头等锐器立即放入锐器盒，禁止回套针帽；锐器盒装满 3/4 即封口。',
      '- 医疗废物不得留在患者家中，按规定带回机构集中处置。',
      '## 四、职业暴露',
      '- 针刺伤后立即由近心端向远心端挤压伤口、流动水冲洗、消毒，并在 2 小时内上报评估。',
    ].join('\n'),
    exam: {
      title: '无菌操作与感染防控 考核',
      passMark: 90,
      timeLimitMinutes: 30,
      attemptLimit: 2,
      questions: [
        {
          type: 'single',
          prompt: '无菌包打开后，在未污染的情况下有效期为？',
          options: [
            { key: 'A', text: '2 小时' },
            { key: 'B', text: '4 小时' },
            { key: 'C', text: '24 小时' },
            { key: 'D', text: '7 天' },
          ],
          answer: ['B'],
          points: 20,
        },
        {
          type: 'true_false',
          prompt: '使用后的注射针头应回套针帽后再丢弃，以防扎伤。',
          options: TF,
          answer: ['false'],
          points: 20,
        },
        {
          type: 'multiple',
          prompt: '“两前三后”中需要进行手卫生的时机包括？（多选）',
          options: [
            { key: 'A', text: '接触患者前' },
            { key: 'B', text: '无菌操作前' },
            { key: 'C', text: '接触患者体液后' },
            { key: 'D', text: '接触患者周围环境后' },
          ],
          answer: ['A', 'B', 'C', 'D'],
          points: 30,
        },
        {
          type: 'single',
          prompt: '发生针刺伤后，正确的伤口处理方法是？',
          options: [
            { key: 'A', text: '用嘴吸出血液' },
            { key: 'B', text: '由近心端向远心端轻轻挤压，流动水冲洗后消毒' },
            { key: 'C', text: '立即包扎，下班后再处理' },
          ],
          answer: ['B'],
          points: 30,
        },
      ],
    },
  },
];
