//! `DATETIME`: dates and times in the customer's time zone, with the
//! patterns CLDR gives each locale.
//!
//! A date enters a message as a [`FluentDateTime`] (an instant already placed
//! in the customer's zone). `DATETIME($started, dateStyle: "full")` returns
//! the same value with options attached; the text is produced only when the
//! message is written out, by a formatter for the bundle's locale that the
//! bundle's memoizer builds once and reuses.

use std::borrow::Cow;

use fluent_bundle::types::FluentType;
use fluent_bundle::{FluentArgs, FluentValue};
use icu_calendar::Iso;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Length, TimePrecision};
use icu_time::zone::models::AtTime;
use icu_time::{TimeZoneInfo, ZonedDateTime};
use intl_memoizer::Memoizable;
use jiff::Zoned;
use jiff_icu::ConvertFrom as _;
use unic_langid::LanguageIdentifier;

/// The options `DATETIME` understands, with the values each takes. They are
/// the names of ECMA-402 `Intl.DateTimeFormat`, which Fluent follows.
pub(crate) const OPTIONS: &[(&str, &[&str])] = &[
    ("dateStyle", &["full", "long", "medium", "short", "none"]),
    ("timeStyle", &["medium", "short", "none"]),
    ("timeZoneName", &["long", "short", "none"]),
];

/// How a date is written: which parts, and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    date: Option<Length>,
    weekday: bool,
    time: Option<TimePrecision>,
    zone: Option<ZoneName>,
}

/// How the time zone is named (`ZoneStyle` of ICU4X, which is not `Hash`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ZoneName {
    /// `CET`, `MEZ`, `EDT`, or `GMT+1` where CLDR has no abbreviation.
    Short,
    /// `Central European Standard Time`.
    Long,
}

impl Default for Style {
    /// Without options: a medium date, the time to the minute and the zone.
    fn default() -> Self {
        Style {
            date: Some(Length::Medium),
            weekday: false,
            time: Some(TimePrecision::Minute),
            zone: Some(ZoneName::Short),
        }
    }
}

impl Style {
    /// Applies the named options of a `DATETIME` call; an unknown option or
    /// value is `None` (the catalog refuses those at load time).
    fn with_options(mut self, options: &FluentArgs) -> Option<Style> {
        for (name, value) in options.iter() {
            let FluentValue::String(value) = value else {
                return None;
            };
            match (name, value.as_ref()) {
                ("dateStyle", "full") => (self.date, self.weekday) = (Some(Length::Long), true),
                ("dateStyle", "long") => (self.date, self.weekday) = (Some(Length::Long), false),
                ("dateStyle", "medium") => {
                    (self.date, self.weekday) = (Some(Length::Medium), false)
                }
                ("dateStyle", "short") => (self.date, self.weekday) = (Some(Length::Short), false),
                ("dateStyle", "none") => (self.date, self.weekday) = (None, false),
                ("timeStyle", "medium") => self.time = Some(TimePrecision::Second),
                ("timeStyle", "short") => self.time = Some(TimePrecision::Minute),
                ("timeStyle", "none") => self.time = None,
                ("timeZoneName", "long") => self.zone = Some(ZoneName::Long),
                ("timeZoneName", "short") => self.zone = Some(ZoneName::Short),
                ("timeZoneName", "none") => self.zone = None,
                _ => return None,
            }
        }
        Some(self)
    }

    fn field_set(self) -> Option<CompositeFieldSet> {
        let mut builder = FieldSetBuilder::new();
        builder.length = self.date;
        builder.date_fields = match (self.date, self.weekday) {
            (None, _) => None,
            (Some(_), true) => Some(DateFields::YMDE),
            (Some(_), false) => Some(DateFields::YMD),
        };
        builder.time_precision = self.time;
        builder.zone_style = self.zone.map(|zone| match zone {
            ZoneName::Short => ZoneStyle::SpecificShort,
            ZoneName::Long => ZoneStyle::SpecificLong,
        });
        builder.build_composite().ok()
    }
}

/// An instant in the customer's time zone, as a Fluent value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FluentDateTime {
    zoned: Zoned,
    style: Style,
}

impl FluentDateTime {
    pub(crate) fn new(zoned: Zoned) -> Self {
        FluentDateTime {
            zoned,
            style: Style::default(),
        }
    }

    /// Without a locale formatter (it could not be built), RFC 9557 text
    /// still tells the reader the right instant and zone.
    fn fallback_text(&self) -> Cow<'static, str> {
        Cow::Owned(self.zoned.strftime("%Y-%m-%d %H:%M %Z").to_string())
    }
}

impl FluentType for FluentDateTime {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, intls: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        intls
            .with_try_get::<DateTimeFormat, _, _>(self.style, |f| f.format(&self.zoned))
            .map_or_else(|_| self.fallback_text(), Cow::Owned)
    }

    fn as_string_threadsafe(
        &self,
        intls: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        intls
            .with_try_get::<DateTimeFormat, _, _>(self.style, |f| f.format(&self.zoned))
            .map_or_else(|_| self.fallback_text(), Cow::Owned)
    }
}

/// The `DATETIME` function as the bundles call it.
pub(crate) fn datetime<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let Some(FluentValue::Custom(value)) = positional.first() else {
        return FluentValue::Error;
    };
    let Some(dt) = value.as_any().downcast_ref::<FluentDateTime>() else {
        return FluentValue::Error;
    };
    match dt.style.with_options(named) {
        Some(style) => FluentValue::Custom(Box::new(FluentDateTime {
            zoned: dt.zoned.clone(),
            style,
        })),
        None => FluentValue::Error,
    }
}

/// A CLDR formatter for one locale and style, memoized per bundle.
pub(crate) struct DateTimeFormat(DateTimeFormatter<CompositeFieldSet>);

/// Why a formatter could not be built (the text falls back to ISO form).
#[derive(Debug)]
pub(crate) struct NoFormatter;

impl Memoizable for DateTimeFormat {
    type Args = Style;
    type Error = NoFormatter;

    fn construct(lang: LanguageIdentifier, style: Style) -> Result<Self, NoFormatter> {
        let locale: icu_locale_core::Locale = lang.to_string().parse().map_err(|_| NoFormatter)?;
        let field_set = style.field_set().ok_or(NoFormatter)?;
        DateTimeFormatter::try_new(locale.into(), field_set)
            .map(DateTimeFormat)
            .map_err(|_| NoFormatter)
    }
}

impl DateTimeFormat {
    fn format(&self, zoned: &Zoned) -> String {
        let zdt = ZonedDateTime::<Iso, TimeZoneInfo<AtTime>>::convert_from(zoned);
        self.0.format(&zdt).to_string()
    }
}
