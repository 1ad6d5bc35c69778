// Validates xAPI statements with the pinned npm @learninglocker/xapi-validation (structure
// of one statement: actor IFI, verb and activity IRIs, result ranges, duration, context).
// Config: {statements: [...]}; prints one list of problems per statement (empty: valid).
'use strict';

const validate = require('@learninglocker/xapi-validation').default;
const { readConfig } = require('./browser.js');

const { statements } = readConfig();
const results = statements.map((statement) => validate(statement).map((warning) =>
  `${warning.path.join('.')}: ${warning.name} (${JSON.stringify(warning.data)})`));
process.stdout.write(JSON.stringify(results));
