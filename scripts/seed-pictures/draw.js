'use strict';
/**
 * Flat vector drawing primitives for the demo pictures (see generate.js). Every function returns an SVG fragment
 * in a local coordinate system; `at(x, y, scale, body)` places it. Shapes are deliberately simple: rounded
 * rectangles, circles and a few paths, so the pictures stay small once encoded.
 */

const at = (x, y, s, body) => `<g transform="translate(${x} ${y}) scale(${s})">${body}</g>`;
const rect = (x, y, w, h, r, fill, extra = '') => `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}" ${extra}/>`;
const circle = (cx, cy, r, fill, extra = '') => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" ${extra}/>`;
const path = (d, fill, extra = '') => `<path d="${d}" fill="${fill}" ${extra}/>`;
const line = (x1, y1, x2, y2, stroke, width) =>
  `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round"/>`;
const cross = (cx, cy, size, fill) =>
  rect(cx - size / 6, cy - size / 2, size / 3, size, size / 12, fill) + rect(cx - size / 2, cy - size / 6, size, size / 3, size / 12, fill);
const heart = (cx, cy, s, fill) => at(cx, cy, s, path('M0 8 C-14 -4 -10 -18 0 -10 C10 -18 14 -4 0 8 Z', fill));

const SKIN = ['#F6D2B5', '#EDC19E', '#E2AD86'];
const INK = '#3C4A5C';

/**
 * A person standing (feet at 0,0, about 200 units tall) or sitting (seat at 0,0).
 * role: 'caregiver' (uniform in `color`, optional nurse cap), 'elder' (grey hair, cardigan), 'adult', 'mother'.
 */
function person({ role = 'adult', color = '#4A90D9', skin = SKIN[0], pose = 'stand', cap = false, cane = false, bag = false, flip = false }) {
  const hair = role === 'elder' ? '#D9DDE3' : role === 'mother' ? '#5A3E2E' : '#2F2A2A';
  const top = role === 'elder' ? '#B98E6A' : role === 'mother' ? '#F3A6B8' : color;
  const bottom = role === 'caregiver' ? '#2F4A6B' : role === 'elder' ? '#6B7A8C' : '#4D5B70';
  const parts = [];
  if (pose === 'sit') {
    parts.push(rect(-26, -18, 62, 22, 10, bottom)); // thighs
    parts.push(rect(22, -18, 18, 58, 8, bottom)); // shins
    parts.push(rect(20, 34, 30, 10, 5, INK)); // shoes
    parts.push(path('M-30 -20 L-26 -96 Q0 -110 26 -96 L28 -20 Z', top));
  } else {
    parts.push(rect(-22, -86, 18, 86, 8, bottom));
    parts.push(rect(4, -86, 18, 86, 8, bottom));
    parts.push(rect(-26, -8, 24, 10, 5, INK) + rect(2, -8, 24, 10, 5, INK));
    parts.push(path('M-32 -80 L-28 -160 Q0 -172 28 -160 L32 -80 Z', top));
  }
  const shoulderY = pose === 'sit' ? -96 : -160;
  // arms
  parts.push(line(-28, shoulderY + 8, -38, shoulderY + 64, top, 15));
  parts.push(line(28, shoulderY + 8, 40, shoulderY + 62, top, 15));
  parts.push(circle(-38, shoulderY + 68, 7, skin) + circle(40, shoulderY + 66, 7, skin));
  if (role === 'caregiver') parts.push(rect(-16, shoulderY + 20, 32, 6, 3, '#FFFFFF', 'opacity="0.85"'));
  if (role === 'elder') parts.push(line(0, shoulderY + 6, 0, shoulderY + 70, '#9C7654', 3));
  // head
  const hy = shoulderY - 30;
  parts.push(rect(-7, shoulderY - 12, 14, 14, 4, skin));
  parts.push(circle(0, hy, 27, skin));
  if (role === 'mother')
    parts.push(
      path(
        `M-29 ${hy + 2} Q-30 ${hy - 34} 0 ${hy - 31} Q30 ${hy - 34} 29 ${hy + 2} L29 ${hy + 30} L20 ${hy + 30} L20 ${hy - 8} L-20 ${hy - 8} L-20 ${hy + 30} L-29 ${hy + 30} Z`,
        hair,
      ),
    );
  else if (role === 'elder')
    parts.push(path(`M-28 ${hy} Q-30 ${hy - 32} 0 ${hy - 30} Q30 ${hy - 32} 28 ${hy} Q22 ${hy - 14} 0 ${hy - 18} Q-22 ${hy - 14} -28 ${hy} Z`, hair));
  else
    parts.push(
      path(`M-28 ${hy - 2} Q-28 ${hy - 32} 0 ${hy - 31} Q28 ${hy - 32} 28 ${hy - 2} Q16 ${hy - 16} -4 ${hy - 16} Q-20 ${hy - 14} -28 ${hy - 2} Z`, hair),
    );
  if (role === 'caregiver' && !cap) parts.push(circle(0, hy - 30, 10, hair));
  if (cap) parts.push(rect(-20, hy - 40, 40, 16, 6, '#FFFFFF') + cross(0, hy - 32, 10, '#E35D6A'));
  // face
  parts.push(circle(-9, hy + 2, 2.6, INK) + circle(9, hy + 2, 2.6, INK));
  parts.push(path(`M-8 ${hy + 12} Q0 ${hy + 19} 8 ${hy + 12}`, 'none', `stroke="${INK}" stroke-width="2.4" stroke-linecap="round"`));
  parts.push(circle(-16, hy + 10, 4, '#F4A3A3', 'opacity="0.55"') + circle(16, hy + 10, 4, '#F4A3A3', 'opacity="0.55"'));
  if (role === 'elder')
    parts.push(
      `<g fill="none" stroke="${INK}" stroke-width="2"><circle cx="-9" cy="${hy + 2}" r="7"/><circle cx="9" cy="${hy + 2}" r="7"/><line x1="-2" y1="${hy + 2}" x2="2" y2="${hy + 2}"/></g>`,
    );
  if (cane)
    parts.push(
      line(46, shoulderY + 66, 52, pose === 'sit' ? 44 : 0, '#7A5A3C', 6) +
        path(`M40 ${shoulderY + 66} Q46 ${shoulderY + 56} 52 ${shoulderY + 66}`, 'none', 'stroke="#7A5A3C" stroke-width="6" stroke-linecap="round"'),
    );
  if (bag) parts.push(rect(-66, shoulderY + 56, 40, 34, 8, '#FFFFFF', `stroke="${color}" stroke-width="4"`) + cross(-46, shoulderY + 73, 14, '#E35D6A'));
  return `<g${flip ? ' transform="scale(-1 1)"' : ''}>${parts.join('')}</g>`;
}

/** Motifs, each centred on 0,0 and about 160 units across. `c` is the accent colour. */
const motifs = {
  calendar: (c) =>
    rect(-70, -60, 140, 130, 16, '#FFFFFF', `stroke="${c}" stroke-width="6"`) +
    rect(-70, -60, 140, 34, 14, c) +
    rect(-44, -74, 10, 26, 5, INK) +
    rect(34, -74, 10, 26, 5, INK) +
    [0, 1, 2].map((r) => [0, 1, 2, 3].map((k) => rect(-52 + k * 28, -12 + r * 26, 18, 16, 4, r === 1 && k === 2 ? c : '#DDE4EC')).join('')).join(''),
  clock: (c) => circle(0, 0, 70, '#FFFFFF', `stroke="${c}" stroke-width="8"`) + line(0, 0, 0, -44, INK, 8) + line(0, 0, 32, 18, INK, 8) + circle(0, 0, 7, c),
  halfClock: (c) =>
    circle(0, 0, 70, '#FFFFFF', `stroke="${c}" stroke-width="8"`) +
    path('M0 0 L0 -62 A62 62 0 0 1 0 62 Z', c, 'opacity="0.35"') +
    line(0, 0, 0, -44, INK, 8) +
    line(0, 0, 0, 40, INK, 6) +
    circle(0, 0, 7, c),
  moon: (c) =>
    path('M30 -66 A72 72 0 1 0 66 34 A56 56 0 1 1 30 -66 Z', '#FFD66B') +
    circle(50, -50, 6, '#FFFFFF') +
    circle(70, -10, 4, '#FFFFFF') +
    circle(-60, -60, 5, '#FFFFFF') +
    heart(60, 50, 1.2, c),
  cup: (c) =>
    path('M-50 -30 L50 -30 L42 50 Q40 62 28 62 L-28 62 Q-40 62 -42 50 Z', c) +
    path('M50 -14 Q82 -14 78 14 Q74 36 44 34', 'none', `stroke="${c}" stroke-width="10"`) +
    path('M-20 -50 Q-30 -64 -20 -78 M0 -48 Q-10 -62 0 -76 M20 -50 Q10 -64 20 -78', 'none', 'stroke="#B7C3D0" stroke-width="6" stroke-linecap="round"') +
    rect(-62, 62, 124, 10, 5, '#DDE4EC'),
  walker: (c) =>
    path('M-56 70 L-40 -50 L40 -50 L56 70', 'none', `stroke="${c}" stroke-width="12" stroke-linejoin="round"`) +
    line(-46, 0, 46, 0, c, 10) +
    circle(-56, 72, 10, INK) +
    circle(56, 72, 10, INK) +
    rect(-52, -62, 104, 18, 9, INK),
  wheelchair: (c) =>
    circle(-6, 30, 50, 'none', `stroke="${INK}" stroke-width="10"`) +
    circle(-6, 30, 8, INK) +
    circle(62, 70, 10, INK) +
    path('M-40 -70 L-30 -10 L50 -10 L62 60', 'none', `stroke="${c}" stroke-width="12" stroke-linejoin="round" stroke-linecap="round"`) +
    rect(-36, -30, 70, 24, 8, c),
  bathtub: (c) =>
    rect(-80, -10, 160, 60, 26, '#FFFFFF', `stroke="${c}" stroke-width="8"`) +
    rect(-86, -20, 172, 16, 8, c) +
    line(-60, 50, -66, 72, INK, 8) +
    line(60, 50, 66, 72, INK, 8) +
    circle(-30, -34, 14, '#CFE8FF') +
    circle(-8, -42, 10, '#CFE8FF') +
    circle(14, -34, 16, '#CFE8FF') +
    path('M50 -20 L50 -76 Q50 -90 64 -90 L80 -90', 'none', `stroke="${INK}" stroke-width="8" stroke-linecap="round"`),
  bed: (c) =>
    rect(-90, -10, 180, 44, 12, '#FFFFFF', `stroke="${INK}" stroke-width="5"`) +
    rect(-96, -70, 14, 130, 7, INK) +
    rect(82, -34, 14, 94, 7, INK) +
    rect(-78, -30, 44, 26, 10, '#FFFFFF', `stroke="#DDE4EC" stroke-width="4"`) +
    rect(-30, -26, 110, 34, 14, c) +
    circle(-58, -38, 18, SKIN[0]) +
    path('M-76 -42 Q-76 -62 -58 -60 Q-40 -62 -40 -44 Q-50 -54 -76 -42 Z', '#D9DDE3'),
  twoBeds: (c) => at(-52, 0, 0.62, motifs.bed(c)) + at(58, 18, 0.62, motifs.bed('#9DB8D8')),
  bandage: (c) =>
    at(
      0,
      0,
      1,
      `<g transform="rotate(-35)">${rect(-84, -26, 168, 52, 26, '#F6C89F')}${rect(-30, -26, 60, 52, 8, '#FFFFFF', 'opacity="0.9"')}${[-14, 0, 14].map((x) => circle(x, -8, 3, '#E2B48A') + circle(x, 8, 3, '#E2B48A')).join('')}</g>`,
    ) + cross(56, -54, 34, c),
  cushion: (c) =>
    rect(-80, -36, 160, 80, 34, c, 'opacity="0.85"') +
    path('M-60 -10 Q0 10 60 -10', 'none', 'stroke="#FFFFFF" stroke-width="6" stroke-linecap="round" opacity="0.7"') +
    heart(0, 24, 1.4, '#FFFFFF'),
  ivStand: (c) =>
    line(0, -80, 0, 80, INK, 8) +
    line(-34, -80, 34, -80, INK, 8) +
    path('M-34 -80 L-34 -66', 'none', `stroke="${INK}" stroke-width="6"`) +
    rect(-56, -66, 44, 64, 14, '#EAF4FF', `stroke="${c}" stroke-width="5"`) +
    rect(-50, -34, 32, 26, 8, c, 'opacity="0.55"') +
    path('M-34 -2 Q-34 40 18 60', 'none', `stroke="${c}" stroke-width="4"`) +
    line(-30, 80, 30, 80, INK, 8) +
    circle(-30, 86, 7, INK) +
    circle(30, 86, 7, INK),
  syringe: (c) =>
    `<g transform="rotate(-40)">${rect(-60, -20, 100, 40, 10, '#FFFFFF', `stroke="${INK}" stroke-width="5"`)}${rect(-56, -14, 60, 28, 6, c, 'opacity="0.7"')}${rect(40, -6, 44, 12, 4, INK)}${line(84, 0, 112, 0, INK, 4)}${rect(-84, -28, 14, 56, 5, INK)}${line(-70, 0, -60, 0, INK, 10)}${[-30, -10, 10].map((x) => line(x, -20, x, -8, INK, 3)).join('')}</g>`,
  testTube: (c) =>
    [-40, 0, 40]
      .map(
        (x, i) =>
          `<g transform="translate(${x} 0) rotate(${(i - 1) * 10})">${rect(-14, -70, 28, 140, 14, '#FFFFFF', `stroke="${INK}" stroke-width="5"`)}${rect(-10, 6 - i * 14, 20, 60 + i * 14, 10, i === 1 ? '#D9534F' : c)}${rect(-18, -80, 36, 16, 6, i === 1 ? '#D9534F' : INK)}</g>`,
      )
      .join(''),
  catheterBag: (c) =>
    rect(-48, -40, 96, 110, 24, '#FFF6D8', `stroke="${c}" stroke-width="6"`) +
    rect(-40, 10, 80, 52, 18, '#F5D36B', 'opacity="0.8"') +
    [0, 20, 40].map((y) => line(28, -20 + y, 40, -20 + y, INK, 3)).join('') +
    path('M0 -40 Q0 -80 40 -84 Q70 -86 70 -60', 'none', `stroke="${INK}" stroke-width="6" stroke-linecap="round"`) +
    rect(-60, -52, 120, 12, 6, INK),
  tube: (c) =>
    circle(-30, -10, 56, '#FFFFFF', `stroke="${c}" stroke-width="6"`) +
    path('M-30 -66 Q40 -90 60 -30 Q76 20 40 60 Q20 80 40 90', 'none', `stroke="${INK}" stroke-width="7" stroke-linecap="round"`) +
    rect(28, 54, 40, 24, 8, c) +
    circle(-30, -10, 20, c, 'opacity="0.35"'),
  piccLine: (c) =>
    path('M-90 30 Q-40 -10 30 -4 L80 -6 Q96 -6 96 10 Q96 26 80 26 L30 28 Q-30 36 -80 70 Z', SKIN[1]) +
    rect(-10, -4, 34, 30, 8, '#FFFFFF', `stroke="${c}" stroke-width="4"`) +
    path('M7 -4 Q10 -50 50 -60 L70 -62', 'none', `stroke="${c}" stroke-width="6" stroke-linecap="round"`) +
    rect(66, -72, 26, 20, 6, INK),
  hospital: (c) =>
    rect(-80, -50, 160, 120, 8, '#FFFFFF', `stroke="${INK}" stroke-width="5"`) +
    rect(-32, -86, 64, 44, 8, '#FFFFFF', `stroke="${INK}" stroke-width="5"`) +
    cross(0, -64, 30, '#E35D6A') +
    [-56, -20, 20, 56].map((x) => rect(x - 12, -30, 24, 22, 4, c, 'opacity="0.6"') + rect(x - 12, 4, 24, 22, 4, c, 'opacity="0.6"')).join('') +
    rect(-16, 36, 32, 34, 6, INK),
  halfHospital: (c) => at(-26, 0, 0.85, motifs.hospital(c)) + at(70, 44, 0.5, motifs.halfClock(c)),
  document: (c) =>
    rect(-56, -76, 112, 150, 12, '#FFFFFF', `stroke="${INK}" stroke-width="5"`) +
    rect(-40, -56, 60, 12, 6, c) +
    [0, 1, 2, 3, 4].map((k) => rect(-40, -30 + k * 20, 80 - (k % 2) * 22, 8, 4, '#DDE4EC')).join('') +
    circle(40, 56, 26, c) +
    path('M28 56 L37 65 L54 46', 'none', 'stroke="#FFFFFF" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"'),
  pillBottle: (c) =>
    rect(-44, -46, 88, 120, 16, c) +
    rect(-52, -76, 104, 32, 10, INK) +
    rect(-34, -16, 68, 54, 8, '#FFFFFF') +
    cross(0, 11, 30, '#E35D6A') +
    `<g transform="translate(76 50) rotate(30)">${rect(-26, -12, 52, 24, 12, '#FFFFFF', `stroke="${INK}" stroke-width="4"`)}${rect(0, -12, 26, 24, 12, '#F29E4C')}</g>`,
  stethoscope: (c) =>
    path('M-40 -70 L-40 -10 Q-40 30 0 30 Q40 30 40 -10 L40 -70', 'none', `stroke="${INK}" stroke-width="9" stroke-linecap="round"`) +
    circle(-40, -74, 8, c) +
    circle(40, -74, 8, c) +
    path('M0 30 L0 50 Q0 82 40 82 Q70 82 70 50', 'none', `stroke="${INK}" stroke-width="9" stroke-linecap="round"`) +
    circle(70, 36, 22, c) +
    circle(70, 36, 10, '#FFFFFF'),
  train: (c) =>
    rect(-80, -60, 160, 110, 30, c) +
    rect(-62, -42, 56, 40, 10, '#FFFFFF') +
    rect(6, -42, 56, 40, 10, '#FFFFFF') +
    rect(-80, 14, 160, 12, 0, '#FFFFFF', 'opacity="0.5"') +
    circle(-44, 34, 10, '#FFE08A') +
    circle(44, 34, 10, '#FFE08A') +
    line(-60, 76, -44, 52, INK, 8) +
    line(60, 76, 44, 52, INK, 8) +
    line(-90, 80, 90, 80, INK, 6),
  puzzle: (c) =>
    path('M-70 -70 L-10 -70 Q-10 -96 14 -96 Q38 -96 38 -70 L70 -70 L70 -10 Q96 -10 96 14 Q96 38 70 38 L70 70 L-70 70 Z', c) +
    path('M-70 -2 L-34 -2 Q-34 -28 -10 -28 Q14 -28 14 -2 L14 70', 'none', 'stroke="#FFFFFF" stroke-width="6"') +
    heart(-30, 40, 1.3, '#FFFFFF'),
  babyBottle: (c) =>
    rect(-34, -30, 68, 110, 22, '#FFFFFF', `stroke="${INK}" stroke-width="5"`) +
    rect(-30, 20, 60, 56, 20, '#FFF3C4') +
    rect(-42, -48, 84, 24, 10, c) +
    path('M-16 -48 Q-16 -92 0 -92 Q16 -92 16 -48 Z', '#F6C89F') +
    [0, 18, 36].map((y) => line(12, -10 + y, 28, -10 + y, INK, 3)).join('') +
    heart(64, -40, 1.4, c),
  flower: (c) =>
    line(0, 10, 0, 86, '#5BB974', 8) +
    path('M0 60 Q-40 40 -50 70 Q-20 86 0 66 Z', '#5BB974') +
    path('M0 46 Q40 26 50 56 Q20 72 0 52 Z', '#5BB974') +
    [0, 72, 144, 216, 288]
      .map((a) => `<ellipse cx="0" cy="-40" rx="22" ry="36" fill="${c}" opacity="0.9" transform="rotate(${a} 0 0) translate(0 -4)"/>`)
      .join('') +
    circle(0, -4, 20, '#FFD66B'),
  clipboard: (c) =>
    rect(-60, -76, 120, 156, 14, '#C99C6E') +
    rect(-48, -60, 96, 128, 8, '#FFFFFF') +
    rect(-24, -86, 48, 22, 8, INK) +
    [0, 1, 2].map((k) => circle(-30, -30 + k * 32, 8, k < 2 ? c : '#DDE4EC') + rect(-14, -34 + k * 32, 50, 8, 4, '#DDE4EC')).join(''),
  heartHand: (c) => path('M-80 40 Q-40 30 -10 44 L40 44 Q56 44 56 58 Q56 70 40 70 L-10 70 L-80 72 Z', SKIN[1]) + heart(0, -20, 4.2, c),
  droplet: (c) =>
    path('M0 -80 Q56 -10 56 26 Q56 80 0 80 Q-56 80 -56 26 Q-56 -10 0 -80 Z', c) +
    path('M-24 20 Q-24 50 0 56', 'none', 'stroke="#FFFFFF" stroke-width="8" stroke-linecap="round" opacity="0.7"'),
  house: (c) =>
    path('M-86 -4 L0 -80 L86 -4', 'none', `stroke="${c}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"`) +
    rect(-64, -18, 128, 98, 8, '#FFFFFF', `stroke="${INK}" stroke-width="5"`) +
    rect(-18, 22, 36, 58, 6, c) +
    rect(-50, 0, 24, 22, 4, '#CFE8FF') +
    rect(26, 0, 24, 22, 4, '#CFE8FF') +
    cross(0, -24, 24, '#E35D6A'),
  userCheck: (c) =>
    at(-20, 70, 0.75, person({ role: 'caregiver', color: c })) +
    circle(56, -30, 30, c) +
    path('M42 -30 L52 -20 L70 -42', 'none', 'stroke="#FFFFFF" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"'),
};

module.exports = { at, rect, circle, path, line, cross, heart, person, motifs, SKIN, INK };
