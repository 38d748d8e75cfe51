'use strict';
/**
 * Generates the demo catalog's pictures into src/seed/pictures/: one cover per service, scene pictures for the
 * detail pages and one icon per category. They are drawn here (flat vector art, see draw.js) for this project
 * and rendered with sharp, so the repository owns them outright (licence: src/seed/pictures/LICENSE.md).
 * Deterministic: the same script produces the same files.
 *
 *   node scripts/seed-pictures/generate.js
 */
const fs = require('node:fs');
const path = require('node:path');
const sharp = require('sharp');
const { at, rect, circle, path: p, line, cross, heart, person, motifs, SKIN, INK } = require('./draw');

const OUT = path.resolve(__dirname, '../../src/seed/pictures');

/** Colour of each top-level category: [accent, light background, deeper background]. */
const PALETTE = {
  'online-escort': ['#23A393', '#E4F5F2', '#C9ECE6'],
  nursing: ['#E8893A', '#FDF0E3', '#F9DDC2'],
  'inpatient-care': ['#3F84D2', '#E7F0FB', '#CFE0F6'],
  'home-nursing': ['#3FA45F', '#E8F6EC', '#CDEBD6'],
  'hospital-escort': ['#7461D6', '#EEEBFB', '#DAD3F6'],
  'personalized-care': ['#DD5A86', '#FCE9F0', '#F7D0DE'],
};
const TOP_OF = {
  'injection-infusion': 'home-nursing',
  'blood-sampling': 'home-nursing',
  'wound-care': 'home-nursing',
  'full-escort': 'hospital-escort',
  errands: 'hospital-escort',
};
const top = (category) => TOP_OF[category] ?? category;

/** slug → [category, motif, people: who stands beside the motif] */
const SERVICES = {
  'dedicated-caregiver-hourly': ['online-escort', 'calendar', 'pair'],
  'temporary-half-day-care': ['online-escort', 'halfClock', 'pair'],
  'night-companion-care': ['online-escort', 'moon', 'pair-sit'],
  'home-daily-living-care': ['nursing', 'cup', 'pair-sit'],
  'rehab-training-assist': ['nursing', 'walker', 'pair'],
  'disabled-elderly-care': ['nursing', 'wheelchair', 'carer'],
  'assisted-bathing': ['nursing', 'bathtub', 'carer'],
  'one-on-one-inpatient-care': ['inpatient-care', 'bed', 'carer'],
  'shared-inpatient-care': ['inpatient-care', 'twoBeds', 'carer'],
  'post-operative-care': ['inpatient-care', 'bandage', 'pair-sit'],
  'night-inpatient-care': ['inpatient-care', 'moon', 'carer'],
  'infusion-at-home': ['home-nursing', 'ivStand', 'nurse-elder'],
  'injection-at-home': ['home-nursing', 'syringe', 'nurse'],
  'venous-blood-draw': ['home-nursing', 'testTube', 'nurse'],
  'suture-removal-dressing': ['home-nursing', 'bandage', 'nurse'],
  'pressure-injury-care': ['home-nursing', 'cushion', 'nurse-elder'],
  'urinary-catheter-care': ['home-nursing', 'catheterBag', 'nurse'],
  'nasogastric-tube-care': ['home-nursing', 'tube', 'nurse-elder'],
  'picc-maintenance': ['home-nursing', 'piccLine', 'nurse'],
  'full-escort': ['hospital-escort', 'hospital', 'pair'],
  'half-escort': ['hospital-escort', 'halfHospital', 'pair'],
  'registration-report-errand': ['hospital-escort', 'document', 'carer'],
  'medicine-pickup-errand': ['hospital-escort', 'pillBottle', 'carer'],
  'exam-accompany': ['hospital-escort', 'stethoscope', 'pair'],
  'out-of-town-medical-escort': ['hospital-escort', 'train', 'pair'],
  'dementia-care': ['personalized-care', 'puzzle', 'pair-sit'],
  'maternity-nurse': ['personalized-care', 'babyBottle', 'mother'],
  'hospice-companion': ['personalized-care', 'flower', 'pair-sit'],
  'care-plan-assessment': ['personalized-care', 'clipboard', 'nurse-elder'],
};

const CATEGORY_ICONS = {
  'online-escort': 'calendar',
  nursing: 'heartHand',
  'inpatient-care': 'bed',
  'home-nursing': 'house',
  'hospital-escort': 'stethoscope',
  'personalized-care': 'flower',
  'injection-infusion': 'syringe',
  'blood-sampling': 'droplet',
  'wound-care': 'bandage',
  'full-escort': 'userCheck',
  errands: 'document',
};

/** A small deterministic generator (mulberry32) seeded from a string, for decoration positions. */
function rng(seedText) {
  let seed = [...seedText].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const svg = (w, h, body) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;

function backdrop(w, h, [accent, light, deep], seedText) {
  const r = rng(seedText);
  const blobs = Array.from({ length: 4 }, () =>
    circle(Math.round(r() * w), Math.round(r() * h * 0.8), Math.round(60 + r() * 140), accent, `opacity="${(0.06 + r() * 0.08).toFixed(2)}"`),
  ).join('');
  const sprinkles = Array.from({ length: 7 }, (_, i) => {
    const x = Math.round(40 + r() * (w - 80));
    const y = Math.round(30 + r() * h * 0.45);
    return i % 3 === 0 ? cross(x, y, 16, accent) : i % 3 === 1 ? heart(x, y, 0.9, accent) : circle(x, y, 6, accent, 'opacity="0.5"');
  }).join('');
  return (
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${deep}"/></linearGradient></defs>` +
    rect(0, 0, w, h, 0, 'url(#bg)') +
    blobs +
    `<g opacity="0.55">${sprinkles}</g>` +
    `<ellipse cx="${w / 2}" cy="${h + 40}" rx="${w * 0.7}" ry="${h * 0.22}" fill="#FFFFFF" opacity="0.55"/>`
  );
}

function people(kind, accent, x, y, s) {
  const carer = person({ role: 'caregiver', color: accent, skin: SKIN[1] });
  const nurse = person({ role: 'caregiver', color: '#FFFFFF', skin: SKIN[0], cap: true, bag: true });
  const nurseTinted = nurse.replace('fill="#FFFFFF" ', `fill="#FFFFFF" stroke="${accent}" stroke-width="3" `);
  const elder = person({ role: 'elder', skin: SKIN[2], cane: true });
  const elderSitting = person({ role: 'elder', skin: SKIN[2], pose: 'sit' });
  const chair =
    rect(-44, -60, 16, 100, 8, '#9C7654') + rect(-44, -4, 96, 16, 8, '#B98E6A') + line(-30, 12, -30, 44, '#9C7654', 8) + line(44, 12, 44, 44, '#9C7654', 8);
  switch (kind) {
    case 'pair':
      return at(x - 60 * s, y, s, carer) + at(x + 60 * s, y, s, elder);
    case 'pair-sit':
      return at(x - 70 * s, y, s, carer) + at(x + 60 * s, y - 40 * s, s, chair + elderSitting);
    case 'nurse':
      return at(x, y, s, nurseTinted);
    case 'nurse-elder':
      return at(x - 60 * s, y, s, nurseTinted) + at(x + 70 * s, y - 40 * s, s, chair + elderSitting);
    case 'mother':
      return at(x - 60 * s, y, s, carer) + at(x + 60 * s, y, s, person({ role: 'mother', skin: SKIN[0] }));
    default:
      return at(x, y, s, carer);
  }
}

function cover(slug) {
  const [category, motif, who] = SERVICES[slug];
  const pal = PALETTE[top(category)];
  const w = 960;
  const h = 540;
  const night = motif === 'moon';
  const colours = night ? ['#F2C94C', '#2D3A63', '#1E2748'] : pal;
  const stage = rect(150, 110, 340, 340, 48, '#FFFFFF', `opacity="${night ? 0.12 : 0.8}"`) + at(320, 280, 1.55, motifs[motif](pal[0]));
  return svg(w, h, backdrop(w, h, colours, slug) + stage + people(who, pal[0], 710, 490, 1.45));
}

function icon(slug) {
  const pal = PALETTE[top(slug)];
  return svg(
    256,
    256,
    rect(8, 8, 240, 240, 56, pal[1]) + circle(200, 56, 34, pal[0], 'opacity="0.12"') + at(128, 132, 0.95, motifs[CATEGORY_ICONS[slug]](pal[0])),
  );
}

/** Scene pictures for the detail pages (960×640). */
const SCENES = {
  'home-companion': (w, h) => {
    const pal = PALETTE.nursing;
    return (
      backdrop(w, h, pal, 'home') +
      rect(80, 70, 230, 180, 14, '#CFE8FF', `stroke="#FFFFFF" stroke-width="12"`) +
      line(195, 70, 195, 250, '#FFFFFF', 8) +
      rect(560, 320, 320, 120, 40, '#E8A36B') +
      rect(540, 290, 60, 170, 30, '#D98E55') +
      rect(840, 290, 60, 170, 30, '#D98E55') +
      at(660, 470, 1.25, person({ role: 'elder', skin: SKIN[2], pose: 'sit' })) +
      at(400, 560, 1.35, person({ role: 'caregiver', color: pal[0], skin: SKIN[1] })) +
      at(170, 520, 0.9, motifs.cup(pal[0])) +
      at(860, 160, 0.5, motifs.clock(pal[0]))
    );
  },
  'hospital-ward': (w, h) => {
    const pal = PALETTE['inpatient-care'];
    return (
      backdrop(w, h, pal, 'ward') +
      rect(0, 0, w, 90, 0, '#FFFFFF', 'opacity="0.5"') +
      cross(120, 45, 40, '#E35D6A') +
      at(430, 430, 2.2, motifs.bed(pal[0])) +
      at(120, 420, 1.2, motifs.ivStand(pal[0])) +
      at(780, 560, 1.35, person({ role: 'caregiver', color: pal[0], skin: SKIN[1] }))
    );
  },
  'nurse-visit': (w, h) => {
    const pal = PALETTE['home-nursing'];
    return (
      backdrop(w, h, pal, 'visit') +
      at(280, 380, 2.1, motifs.house(pal[0])) +
      at(640, 580, 1.4, person({ role: 'caregiver', color: '#FFFFFF', skin: SKIN[0], cap: true, bag: true })) +
      at(840, 560, 0.8, motifs.syringe(pal[0]))
    );
  },
  'hospital-escort': (w, h) => {
    const pal = PALETTE['hospital-escort'];
    return (
      backdrop(w, h, pal, 'escort') +
      at(300, 360, 2.3, motifs.hospital(pal[0])) +
      at(640, 590, 1.35, person({ role: 'caregiver', color: pal[0], skin: SKIN[1] })) +
      at(780, 590, 1.35, person({ role: 'elder', skin: SKIN[2], cane: true })) +
      rect(860, 200, 70, 46, 8, '#FFFFFF') +
      p('M872 223 L918 223 M904 210 L918 223 L904 236', 'none', `stroke="${pal[0]}" stroke-width="6" stroke-linecap="round"`) +
      line(895, 246, 895, 330, INK, 6)
    );
  },
  rehab: (w, h) => {
    const pal = PALETTE.nursing;
    return (
      backdrop(w, h, pal, 'rehab') +
      rect(60, 300, 840, 14, 7, '#9C7654') +
      line(120, 314, 120, 520, '#9C7654', 10) +
      line(840, 314, 840, 520, '#9C7654', 10) +
      at(380, 560, 1.4, person({ role: 'elder', skin: SKIN[2] })) +
      at(420, 500, 1.0, motifs.walker(pal[0])) +
      at(600, 560, 1.4, person({ role: 'caregiver', color: pal[0], skin: SKIN[1] }))
    );
  },
  'night-care': (w, h) => {
    const pal = PALETTE['online-escort'];
    return (
      backdrop(w, h, ['#F2C94C', '#2D3A63', '#1E2748'], 'night') +
      rect(90, 70, 240, 200, 14, '#3E4E80', `stroke="#56679C" stroke-width="12"`) +
      at(210, 170, 0.7, motifs.moon(pal[0])) +
      at(520, 440, 2.0, motifs.bed(pal[0])) +
      p('M820 250 L760 330 L880 330 Z', '#FFD66B', 'opacity="0.9"') +
      line(820, 330, 820, 520, '#B7C3D0', 8) +
      rect(730, 545, 110, 18, 9, '#B98E6A') +
      line(750, 563, 750, 620, '#9C7654', 8) +
      line(820, 563, 820, 620, '#9C7654', 8) +
      at(780, 550, 1.3, person({ role: 'caregiver', color: pal[0], skin: SKIN[1], pose: 'sit' }))
    );
  },
  maternity: (w, h) => {
    const pal = PALETTE['personalized-care'];
    return (
      backdrop(w, h, pal, 'maternity') +
      rect(500, 330, 300, 150, 30, '#FFFFFF', `stroke="${pal[0]}" stroke-width="8"`) +
      [0, 1, 2, 3, 4, 5].map((k) => line(530 + k * 48, 340, 530 + k * 48, 470, pal[2], 8)).join('') +
      line(520, 480, 520, 560, INK, 8) +
      line(780, 480, 780, 560, INK, 8) +
      circle(650, 320, 30, SKIN[0]) +
      rect(610, 330, 80, 40, 20, '#FFF3C4') +
      at(260, 590, 1.4, person({ role: 'mother', skin: SKIN[0] })) +
      at(420, 590, 1.35, person({ role: 'caregiver', color: pal[0], skin: SKIN[1] })) +
      at(860, 200, 0.7, motifs.babyBottle(pal[0]))
    );
  },
  consultation: (w, h) => {
    const pal = PALETTE['personalized-care'];
    return (
      backdrop(w, h, pal, 'consult') +
      rect(220, 420, 520, 26, 10, '#B98E6A') +
      line(260, 446, 260, 600, '#9C7654', 12) +
      line(700, 446, 700, 600, '#9C7654', 12) +
      at(480, 380, 0.55, motifs.clipboard(pal[0])) +
      at(150, 600, 1.35, person({ role: 'caregiver', color: '#FFFFFF', skin: SKIN[0], cap: true })) +
      at(820, 600, 1.35, person({ role: 'adult', color: '#5C8FD6', skin: SKIN[1] })) +
      at(640, 330, 0.55, motifs.pillBottle(pal[0]))
    );
  },
};

async function write(name, svgText, width, quality = 78) {
  const file = path.join(OUT, `${name}.webp`);
  await sharp(Buffer.from(svgText)).resize({ width }).webp({ quality, effort: 6 }).toFile(file);
  return fs.statSync(file).size;
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  let total = 0;
  for (const slug of Object.keys(SERVICES)) total += await write(`cover-${slug}`, cover(slug), 960);
  for (const [name, draw] of Object.entries(SCENES)) total += await write(`scene-${name}`, svg(960, 640, draw(960, 640)), 960);
  for (const slug of Object.keys(CATEGORY_ICONS)) total += await write(`icon-${slug}`, icon(slug), 256, 85);
  console.log(
    `wrote ${Object.keys(SERVICES).length + Object.keys(SCENES).length + Object.keys(CATEGORY_ICONS).length} pictures, ${Math.round(total / 1024)} KiB, to ${path.relative(process.cwd(), OUT)}`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { SERVICES, SCENES, CATEGORY_ICONS };
