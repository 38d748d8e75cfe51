/**
 * English translations of the demo catalog: the whole category tree and five services, enough to exercise the
 * i18n path end to end (locale=en on every catalog route). Chinese stays the default and the source of truth.
 */
import type { PageText } from './catalog-pages';

export const categoryDescriptionsEn: Record<string, string> = {
  'online-escort': 'Book a dedicated companion by the hour, half day or night, at home or in hospital; the platform sends the nearest one.',
  nursing: 'Daily living care, help with rehabilitation and care for elderly people who can no longer manage alone, by certified elderly-care workers.',
  'inpatient-care': 'Medical caregivers stay on the ward day and night: meals, turning, toileting and watching after surgery, so the family need not.',
  'home-nursing': 'Licensed nurses come with their supplies for infusions, injections, blood draws, wound dressing and tube care: one trip to hospital fewer.',
  'hospital-escort': 'An escort queues, pays, goes to every test and fetches the medicine with the patient, or runs the errand alone.',
  'personalized-care': 'Care for dementia, after childbirth and at the end of life, planned after a nurse’s assessment at home.',
  'injection-infusion': 'Infusions and intramuscular or subcutaneous injections at home on a hospital prescription, watched from start to finish.',
  'blood-sampling': 'Early-morning blood draws at home, cold-chain delivery to the laboratory and the report online.',
  'wound-care': 'Stitch removal, dressings, and care of pressure injuries and chronic wounds, with the healing recorded.',
  'full-escort': 'From the hospital gate to the car home, an escort stays with the patient and writes up the visit.',
  errands: 'The patient stays home: the escort books, collects reports, copies records or picks up medicine.',
};

export interface EnglishService extends PageText {
  name: string;
  summary: string;
  serviceHours: string;
  notes: string;
}

const md = (...lines: string[]) => lines.join('\n');

export const englishServices: Record<string, EnglishService> = {
  'dedicated-caregiver-hourly': {
    name: 'Dedicated companion by the hour',
    summary: 'Book a trained, background-checked companion by the hour for company at home, a walk or a follow-up visit; 3 hours minimum.',
    content: md(
      'For families who must go out, work while nobody is with their parent, or need a hand while someone recovers. The companion arrives on time and checks in online, so you can follow the visit from the order page.',
      '',
      '- Company and conversation, reading the paper, keeping an eye on mood',
      '- Help with eating and drinking, reminders to take medicines (no dispensing)',
      '- Help with the toilet, washing and dressing',
      '- Walks in the neighbourhood, trips to the shop or the community clinic',
      '- Light housework such as tidying and washing personal clothes',
      '- A written note at the end: meals, sleep and anything unusual',
    ),
    process: [
      { title: 'Book online', description: 'Choose the address, start time and length, and describe the person cared for.' },
      { title: 'Matching', description: 'The platform matches a companion by distance and qualifications and texts you their name and number.' },
      { title: 'Check-in', description: 'The companion checks in at the address and goes over the day’s priorities with you.' },
      { title: 'The visit', description: 'Company and help as agreed; request extra time on the order if needed.' },
      { title: 'Confirm and review', description: 'Confirm the visit record and leave a review; the platform settles with the companion.' },
    ],
    serviceHours: 'Starts between 06:00 and 22:00 every day, 3 to 12 hours per visit; book at least 2 hours ahead.',
    notes: md(
      '- Companions do not give injections, infusions or dressings; book Home Nursing for those.',
      '- Tell us about infectious disease, behavioural problems or a recent fall when booking.',
      '- For outings, tell the companion in advance and bring the ID card and medical-insurance card.',
      '- Free cancellation up to 2 hours before the start; later, one hour is charged.',
      '- Please do not ask the companion to keep cash or bank cards.',
    ),
  },
  'one-on-one-inpatient-care': {
    name: 'One-to-one inpatient care',
    summary: 'One medical caregiver looks after one patient on the ward around the clock, priced per day and renewable at any time.',
    content: md(
      'Working by day and keeping watch at night wears families out. A certified medical caregiver stays with the patient around the clock and works alongside the ward nurses, so the patient can rest and the family can work.',
      '',
      '- Help with meals, drinks and medicines; intake and output recorded',
      '- Turning, moving, the toilet and continence care',
      '- Washing, teeth, bed baths and hair',
      '- Going along to tests in the hospital, pushing the wheelchair or trolley',
      '- Watching drips and drains and calling the nurse at once if something is wrong',
      '- A daily care log on the order for the family',
    ),
    process: [
      { title: 'Book online', description: 'Give the hospital, department, bed and the patient’s condition.' },
      { title: 'Matching', description: 'A certified caregiver who knows the hospital is matched.' },
      { title: 'Handover', description: 'The caregiver meets the family and the ward nurse at the bedside.' },
      { title: 'Care around the clock', description: 'Daily care on the ward with a log updated every day.' },
      { title: 'Confirm', description: 'At discharge the family confirms the days and leaves a review.' },
    ],
    serviceHours: 'Around the clock; starts at any time, priced per day, renewable up to 30 days; book at least 3 hours ahead.',
    notes: md(
      '- Check with the ward that outside caregivers are allowed; some hospitals need a companion pass.',
      '- Caregivers do not adjust drips, remove lines or give medicines, and never sign medical documents.',
      '- A daily surcharge applies when the patient cannot care for themselves (bedridden, confused, unable to get up after surgery).',
      '- Caregivers bring their own meals.',
      '- Public holidays such as the Spring Festival carry a daily holiday surcharge.',
    ),
  },
  'infusion-at-home': {
    name: 'Infusion at home',
    summary:
      'On a hospital prescription, a registered nurse with 5+ years of clinical experience gives the infusion at home and stays throughout; up to 2 hours.',
    content: md(
      'For older people and patients with long-term conditions who need a course of infusions and find travelling hard. After the first dose in hospital, the rest of the course can be given at home. The nurse brings the infusion set, disinfectants and an emergency kit and stays until the end.',
      '',
      '- Prescription, medicine name, batch and expiry checked; earlier reactions asked about',
      '- Temperature, blood pressure and pulse taken before starting',
      '- Peripheral venous access and the rate set as prescribed',
      '- The site and any reaction watched throughout',
      '- Needle removed, bleeding stopped, clinical waste taken away',
      '- A nursing record and advice for the next dose',
    ),
    process: [
      { title: 'Book online', description: 'Choose a time and upload the prescription, records and a photo of the medicine.' },
      { title: 'Review', description: 'Our nursing team checks the prescription; orders that do not qualify are refunded in full.' },
      { title: 'Nurse assigned', description: 'A registered nurse is matched and calls to confirm the medicine and address.' },
      { title: 'Infusion', description: 'Checks, assessment, then the infusion with the nurse beside you.' },
      { title: 'Confirm and review', description: 'The nurse uploads the record; you confirm and review.' },
    ],
    serviceHours: 'Starts between 07:00 and 19:00 every day, about 2 hours per visit; book at least 2 hours ahead.',
    notes: md(
      '- A prescription from a grade-2 or higher hospital is required; you provide the medicine.',
      '- No first doses at home (including new batches that need a skin test).',
      '- No chemotherapy, blood products, parenteral nutrition or drugs that need ECG monitoring.',
      '- An adult family member must be present.',
      '- Supplies are charged at cost; visits overlapping 20:00–08:00 carry the night surcharge.',
    ),
  },
  'venous-blood-draw': {
    name: 'Blood draw at home',
    summary: 'A nurse draws fasting blood early in the morning and takes it to a partner hospital or laboratory; the report comes online.',
    content: md(
      'No more queueing at dawn for a blood count, liver and kidney function or lipids. The nurse brings the right tubes for the tests ordered, draws the blood at home and delivers it in time.',
      '',
      '- The test request checked against the tubes needed',
      '- Fasting and medicines confirmed, a suitable vein chosen',
      '- Blood drawn, bleeding stopped, samples labelled and kept cold',
      '- Samples delivered to the laboratory within 2 hours',
      '- The report sent to the order, with a reminder to see a doctor about abnormal values',
    ),
    process: [
      { title: 'Book online', description: 'Choose a time and upload the test request.' },
      { title: 'Nurse assigned', description: 'A registered nurse is matched and reminds you about fasting the evening before.' },
      { title: 'Blood draw', description: 'Details checked, blood drawn, samples kept cold.' },
      { title: 'To the laboratory', description: 'The nurse delivers the samples within 2 hours.' },
      { title: 'Report', description: 'The report arrives on the order; confirm and review.' },
    ],
    serviceHours: 'Visits between 06:30 and 10:30 (fasting hours), about 45 minutes; book at least 2 hours ahead, ideally the day before.',
    notes: md(
      '- Fasting tests need 8–12 hours without food; a little water is fine; no exercise before the draw.',
      '- Laboratory fees follow the laboratory’s prices; tubes and supplies are charged at cost.',
      '- If a particular hospital must issue the report, check that it accepts outside samples.',
      '- Tell the nurse about clotting problems or anticoagulants.',
      '- If you faint at the sight of blood, lie down and have a family member with you.',
      '- Visits starting before 08:00 carry the night surcharge.',
    ),
  },
  'full-escort': {
    name: 'Full hospital escort',
    summary:
      'The escort meets you at the hospital gate, stays for registration, waiting, payment, tests and medicine, and sees you into the car; priced per half day.',
    content: md(
      'Big hospitals have many buildings and many steps; alone, an older patient easily gets lost. Our escorts know the partner hospitals and stay from the gate to the car, so the family need not take a day off.',
      '',
      '- A call the day before about the appointment, department and documents to bring',
      '- Meeting at the gate, help with tickets, check-in and payment machines',
      '- Waiting together and noting the doctor’s diagnosis and instructions',
      '- Guidance to every test and laboratory',
      '- Fetching the medicine and explaining the doses',
      '- A written summary for the family, and a hand into the car',
    ),
    process: [
      { title: 'Book online', description: 'Choose the hospital, date and meeting time; give the patient and department.' },
      { title: 'Matching', description: 'An escort who knows the hospital is matched and calls the day before.' },
      { title: 'Meet at the gate', description: 'The escort meets you at the agreed place and checks in.' },
      { title: 'The visit', description: 'Registration, waiting, tests, payment and medicine, all together.' },
      { title: 'Summary and review', description: 'The escort sends a summary; the family confirms and reviews.' },
    ],
    serviceHours: 'Meeting times between 06:30 and 14:00, 4 hours per unit, up to 2 units (a full day); book at least 1 hour ahead, ideally the day before.',
    notes: md(
      '- Escorts do not hunt for appointments; book one first or choose the Registration errand.',
      '- Registration, tests and medicines are paid by the patient; escorts do not advance money.',
      '- Escorts give no medical advice and never sign consent forms.',
    ),
  },
};
