// Started by the page's shell (web/src/app.html) while the app's scripts are still on their way.
// The first date or number a page formats loads the browser's internationalisation data: on a slow
// phone that is a fifth of a second in which the page cannot answer a tap. Loaded here, on another
// core, the data is there for the whole page, and the app's first date costs next to nothing.
onmessage = function (event) {
  var locale = event.data.locale;
  var timeZone = event.data.timeZone;
  var now = new Date();
  try {
    // What the app formats on its first screens: dates and times in the programme's zone, money and
    // counts, plurals in the reader's language, and the fixed-format day shared/dates.ts reads.
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: timeZone }).format(now);
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(now);
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(1.5);
    new Intl.NumberFormat(locale).format(1.5);
    new Intl.PluralRules(locale).select(1);
    new Intl.DateTimeFormat('en-CA', { timeZone: timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch (error) {
    // A browser without some of these formats: the app makes do without them, as without this warm-up.
  } finally {
    close();
  }
};
