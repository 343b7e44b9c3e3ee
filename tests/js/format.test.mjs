// The scene's number format (lstm_viz/scene/format.js): what the page shows for every value of a trace.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { fillTemplate, formatNumber, formatPercent, formatVector } from "../../lstm_viz/scene/format.js";

// as lstm_viz.i18n.Texts(lang).number_format() sends them
const EN = { decimal: ".", group: ",", list: ", " };
const RU = { decimal: ",", group: "\u00a0", list: "; " };
const MINUS = "\u2212";

describe("formatNumber", () => {
  test("writes the decimal mark of the page's language", () => {
    assert.equal(formatNumber(0.594, EN), "0.59");
    assert.equal(formatNumber(0.594, RU), "0,59");
    assert.equal(formatNumber(12.5, RU, 3), "12,500");
  });

  test("rounds to the asked digits (two by default)", () => {
    assert.equal(formatNumber(0.596, EN), "0.60");
    assert.equal(formatNumber(2.345, EN), "2.35");
    assert.equal(formatNumber(0.5, EN, 0), "1");
    assert.equal(formatNumber(7, EN, 1), "7.0");
    assert.equal(formatNumber(0.12345, RU, 3), "0,123");
  });

  test("writes a typographic minus, never a hyphen", () => {
    assert.equal(formatNumber(-0.5, EN), `${MINUS}0.50`);
    assert.equal(formatNumber(-1234.5, RU, 1), `${MINUS}1234,5`);
    assert.ok(!formatNumber(-3, EN).includes("-"));
  });

  test("never shows a negative zero", () => {
    assert.equal(formatNumber(-0, EN), "0.00");
    assert.equal(formatNumber(-0.4, EN, 0), "0");
    assert.equal(formatNumber(-1e-9, EN, 4), "\u22480.0000");  // zero even with three more digits: ≈, no minus
    assert.equal(formatNumber(-0.004, RU, 3), `${MINUS}0,004`);  // not zero with three
  });

  test("writes tiny and huge numbers with an exponent", () => {
    assert.equal(formatNumber(0.0004, EN), "4.0e-4");
    assert.equal(formatNumber(-0.0004, RU), `${MINUS}4,0\u00b710\u207b\u2074`);  // Russian: −4,0·10⁻⁴
    assert.equal(formatNumber(1e-320, EN), "1.0e-320");  // subnormal: still a number, not 0 or NaN
    assert.equal(formatNumber(5e-324, RU), "4,9\u00b710\u207b\u00b3\u00b2\u2074");  // the smallest double
    assert.equal(formatNumber(123456, EN), "1.2e+5");
    assert.equal(formatNumber(-1e5, RU), `${MINUS}1,0\u00b710\u2075`);
    assert.equal(formatNumber(99999, EN, 0), "99999");
  });

  test("keeps small numbers fixed when more than three digits are asked, and 0 as 0", () => {
    assert.equal(formatNumber(0.0004, EN, 4), "0.0004");
    assert.equal(formatNumber(0, EN), "0.00");
    assert.equal(formatNumber(0, RU, 3), "0,000");
  });

  test("shows a dash for a missing value and a sign for an infinite one", () => {
    for (const missing of [NaN, null, undefined]) assert.equal(formatNumber(missing, EN), "\u2013");
    assert.equal(formatNumber(Infinity, EN), "\u221e");
    assert.equal(formatNumber(-Infinity, RU), `${MINUS}\u221e`);
  });
});

describe("values near 0 and 1 (a gate)", () => {
  test("a value in (−1, 1) that would round to 0 or ±1 gets the digits that show it is not", () => {
    assert.equal(formatNumber(0.9975, EN), "0.998");  // not 1.00
    assert.equal(formatNumber(0.9975, RU), "0,998");
    assert.equal(formatNumber(0.99995, EN), "0.99995");
    assert.equal(formatNumber(-0.9975, RU), `${MINUS}0,998`);
    assert.equal(formatNumber(0.004, EN), "0.004");  // not 0.00
    assert.equal(formatNumber(-0.001, EN), `${MINUS}0.001`);
    assert.equal(formatNumber(0.0067, EN), "0.01");  // already not 0
    assert.equal(formatNumber(0.9975, EN, 3), "0.998");
  });

  test("closer than three more digits can show: ≈, never a bare 1.00", () => {
    assert.equal(formatNumber(0.9999999, EN), "\u22481.00");
    assert.equal(formatNumber(0.9999999, RU), "\u22481,00");
  });

  test("0, 1 and values beyond ±1 as before", () => {
    assert.equal(formatNumber(1, EN), "1.00");
    assert.equal(formatNumber(0, RU), "0,00");
    assert.equal(formatNumber(1.9975, EN), "2.00");
    assert.equal(formatNumber(0.5, EN), "0.50");
  });

  test("percentages: 99.8 %, not 100 %", () => {
    assert.equal(formatPercent(0.998, EN), "99.8%");
    assert.equal(formatPercent(0.998, RU), "99,8\u00a0%");
    assert.equal(formatPercent(0.9975, RU), "99,8\u00a0%");
    assert.equal(formatPercent(0.99999, EN), "99.999%");
    assert.equal(formatPercent(0.002, RU), "0,2\u00a0%");
    assert.equal(formatPercent(0.9999999, EN), "\u2248100%");
    assert.equal(formatPercent(1, EN), "100%");
    assert.equal(formatPercent(0, EN), "0%");
  });
});

describe("formatPercent", () => {
  test("a whole percentage, with a no-break space before % in Russian", () => {
    assert.equal(formatPercent(0.973, EN), "97%");
    assert.equal(formatPercent(0.973, RU), "97\u00a0%");
    assert.equal(formatPercent(-0.001, EN), "0%");
    assert.equal(formatPercent(1, RU), "100\u00a0%");
  });
});

describe("formatVector", () => {
  test("lists with the language's separator", () => {
    assert.equal(formatVector([0.12, -0.5], EN), `[0.12, ${MINUS}0.50]`);
    assert.equal(formatVector([0.12, -0.5], RU), `[0,12; ${MINUS}0,50]`);
  });

  test("a single value or a number is written as a number", () => {
    assert.equal(formatVector([0.25], EN), "0.25");
    assert.equal(formatVector(0.25, RU, 1), "0,3");
  });

  test("shortens a long vector to three values and says how many it has", () => {
    assert.equal(formatVector([1, 2, 3, 4, 5, 6, 7], EN, 0), "[1, 2, 3, \u2026] (7)");
    assert.equal(formatVector([1, 2, 3, 4, 5, 6, 7], EN, 0, null, "first {shown} of {total}"), "[1, 2, 3, \u2026] (first 3 of 7)");
    assert.equal(formatVector([1, 2, 3, 4, 5, 6], EN, 0), "[1, 2, 3, 4, 5, 6]");
  });

  test("a part of a longer vector says the whole's length, never the part's (issue 35: 16 of 64 read as 16)", () => {
    const sixteen = Array.from({ length: 16 }, (_, k) => k);
    assert.equal(formatVector(sixteen, RU, 0, 64, "первые {shown} из {total}"), "[0; 1; 2; \u2026] (первые 3 из 64)");
    assert.equal(formatVector([1, 2], EN, 0, 4, "first {shown} of {total}"), "[1, 2, \u2026] (first 2 of 4)");
    assert.equal(formatVector([0.5], EN, 1, 3, "first {shown} of {total}"), "[0.5, \u2026] (first 1 of 3)");
  });
});

describe("fillTemplate", () => {
  test("puts values in by name and leaves unknown names alone", () => {
    assert.equal(fillTemplate("Step {t} of {last}", { t: 3, last: 9 }), "Step 3 of 9");
    assert.equal(fillTemplate("{t} {nope}", { t: 0 }), "0 {nope}");
    assert.equal(fillTemplate("{name}", { name: "<b>{t}</b>", t: 1 }), "<b>{t}</b>");  // text, filled once
  });
});
