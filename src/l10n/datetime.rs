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
use icu_datetime::options::{Alignment, Length, TimePrecision};
use icu_time::zone::models::AtTime;
use icu_time::{TimeZoneInfo, ZonedDateTime};
use intl_memoizer::Memoizable;
use jiff::Zoned;
use jiff_icu::ConvertFrom as _;
use unic_langid::LanguageIdentifier;

/// The options `DATETIME` understands, with the values each takes. They are
/// the names of ECMA-402 `Intl.DateTimeFormat`, which Fluent follows: the
/// styles, and the components (`weekday`, `year`, `month`, `day`, `hour`,
/// `minute`, `hourCycle`, `timeZoneName`), mapped onto ICU4X field sets.
/// Beyond ECMA-402: `none` for any of them (format the date, the time and
/// the zone apart, with words between them), and `timeZoneName: "location"`
/// ("hora de España") or `"city"` ("Paris", for "heure de Paris").
pub(crate) const OPTIONS: &[(&str, &[&str])] = &[
    ("dateStyle", &["full", "long", "medium", "short", "none"]),
    ("timeStyle", &["medium", "short", "none"]),
    (
        "timeZoneName",
        &[
            "long",
            "short",
            "shortOffset",
            "longOffset",
            "shortGeneric",
            "longGeneric",
            "location",
            "city",
            "none",
        ],
    ),
    ("weekday", &["long", "short", "narrow", "none"]),
    ("year", &["numeric", "2-digit", "none"]),
    (
        "month",
        &["long", "short", "narrow", "numeric", "2-digit", "none"],
    ),
    ("day", &["numeric", "2-digit", "none"]),
    ("hour", &["numeric", "2-digit", "none"]),
    ("minute", &["numeric", "2-digit", "none"]),
    ("hourCycle", &["h11", "h12", "h23", "h24"]),
];

/// How a date is written: which parts, and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    date: Option<Length>,
    weekday: bool,
    time: Option<TimePrecision>,
    zone: Option<ZoneName>,
    /// Components given one by one (ECMA-402), which replace the styles.
    parts: Parts,
    /// Pad the hour to two digits (`hour: "2-digit"`).
    padded: bool,
    /// `h11`, `h12`, `h23` or `h24`, for the locale's `-u-hc-` extension.
    hour_cycle: Option<&'static str>,
}

/// Date components asked for one by one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Parts {
    given: bool,
    year: bool,
    month: Option<Length>,
    day: bool,
    weekday: Option<Length>,
    hour: bool,
    minute: bool,
}

/// How the time zone is named (`ZoneStyle` of ICU4X, which is not `Hash`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ZoneName {
    /// `CET`, `MEZ`, `EDT`, or `GMT+1` where CLDR has no abbreviation.
    Short,
    /// `Central European Standard Time`.
    Long,
    /// `GMT+1`.
    ShortOffset,
    /// `GMT+01:00`.
    LongOffset,
    /// `CT`, or the location where CLDR has no abbreviation.
    ShortGeneric,
    /// `Central European Time`.
    LongGeneric,
    /// `Spain Time`, `hora de España`.
    Location,
    /// The zone's city: `Paris`, so a message writes `heure de Paris`.
    City,
}

impl Default for Style {
    /// Without options: a medium date, the time to the minute and the zone.
    fn default() -> Self {
        Style {
            date: Some(Length::Medium),
            weekday: false,
            time: Some(TimePrecision::Minute),
            zone: Some(ZoneName::Short),
            parts: Parts::default(),
            padded: false,
            hour_cycle: None,
        }
    }
}

impl Style {
    /// Applies the named options of a `DATETIME` call; an unknown option or
    /// value is `None` (the catalog refuses those at load time).
    fn with_options(mut self, options: &FluentArgs) -> Option<Style> {
        let length = |v: &str| match v {
            "long" => Some(Length::Long),
            "short" => Some(Length::Medium),
            "narrow" | "numeric" | "2-digit" => Some(Length::Short),
            _ => None,
        };
        let part = |name: &str| {
            matches!(
                name,
                "weekday" | "year" | "month" | "day" | "hour" | "minute"
            )
        };
        if options.iter().any(|(name, _)| part(name)) {
            // Components replace the default styles: only what is asked
            // (and the zone only when `timeZoneName` asks for it).
            self.parts = Parts {
                given: true,
                ..Parts::default()
            };
            (self.date, self.weekday, self.time, self.zone) = (None, false, None, None);
        }
        for (name, value) in options.iter() {
            let FluentValue::String(value) = value else {
                return None;
            };
            let value = value.as_ref();
            match (name, value) {
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
                ("timeZoneName", zone) => {
                    self.zone = match zone {
                        "long" => Some(ZoneName::Long),
                        "short" => Some(ZoneName::Short),
                        "shortOffset" => Some(ZoneName::ShortOffset),
                        "longOffset" => Some(ZoneName::LongOffset),
                        "shortGeneric" => Some(ZoneName::ShortGeneric),
                        "longGeneric" => Some(ZoneName::LongGeneric),
                        "location" => Some(ZoneName::Location),
                        "city" => Some(ZoneName::City),
                        "none" => None,
                        _ => return None,
                    }
                }
                ("weekday", "none") => self.parts.weekday = None,
                ("weekday", v) => self.parts.weekday = Some(length(v)?),
                ("year", "none") => self.parts.year = false,
                ("year", "numeric" | "2-digit") => self.parts.year = true,
                ("month", "none") => self.parts.month = None,
                ("month", v) => self.parts.month = Some(length(v)?),
                ("day", "none") => self.parts.day = false,
                ("day", "numeric" | "2-digit") => self.parts.day = true,
                ("hour", "none") => self.parts.hour = false,
                ("hour", v @ ("numeric" | "2-digit")) => {
                    self.parts.hour = true;
                    self.padded = v == "2-digit";
                }
                ("minute", "none") => self.parts.minute = false,
                ("minute", "numeric" | "2-digit") => self.parts.minute = true,
                ("hourCycle", v @ ("h11" | "h12" | "h23" | "h24")) => {
                    self.hour_cycle = Some(match v {
                        "h11" => "h11",
                        "h12" => "h12",
                        "h23" => "h23",
                        _ => "h24",
                    })
                }
                _ => return None,
            }
        }
        Some(self)
    }

    /// Whether only the zone is written: no date, no time.
    fn zone_only(&self) -> bool {
        let p = self.parts;
        self.date.is_none()
            && self.time.is_none()
            && !self.weekday
            && !(p.year || p.month.is_some() || p.day || p.weekday.is_some() || p.hour || p.minute)
    }

    fn field_set(self) -> Option<CompositeFieldSet> {
        let mut builder = FieldSetBuilder::new();
        if self.parts.given {
            let p = self.parts;
            builder.date_fields = match (p.year, p.month.is_some(), p.day, p.weekday.is_some()) {
                (true, true, true, true) => Some(DateFields::YMDE),
                (true, true, true, false) => Some(DateFields::YMD),
                (false, true, true, true) => Some(DateFields::MDE),
                (false, true, true, false) => Some(DateFields::MD),
                (false, false, true, true) => Some(DateFields::DE),
                (false, false, true, false) => Some(DateFields::D),
                (true, true, false, _) => Some(DateFields::YM),
                (false, true, false, _) => Some(DateFields::M),
                (true, false, false, _) => Some(DateFields::Y),
                (false, false, false, true) => Some(DateFields::E),
                (false, false, false, false) => None,
                _ => return None,
            };
            builder.length = builder
                .date_fields
                .and(p.month.or(p.weekday).or(Some(Length::Medium)));
            builder.time_precision = match (p.hour, p.minute) {
                (true, true) => Some(TimePrecision::Minute),
                (true, false) => Some(TimePrecision::Hour),
                _ => None,
            };
        } else {
            builder.length = self.date;
            builder.date_fields = match (self.date, self.weekday) {
                (None, _) => None,
                (Some(_), true) => Some(DateFields::YMDE),
                (Some(_), false) => Some(DateFields::YMD),
            };
            builder.time_precision = self.time;
        }
        if self.padded && builder.time_precision.is_some() {
            builder.alignment = Some(Alignment::Column);
        }
        builder.zone_style = self.zone.map(|zone| match zone {
            ZoneName::Short => ZoneStyle::SpecificShort,
            ZoneName::Long => ZoneStyle::SpecificLong,
            ZoneName::ShortOffset => ZoneStyle::LocalizedOffsetShort,
            ZoneName::LongOffset => ZoneStyle::LocalizedOffsetLong,
            ZoneName::ShortGeneric => ZoneStyle::GenericShort,
            ZoneName::LongGeneric => ZoneStyle::GenericLong,
            ZoneName::Location => ZoneStyle::Location,
            ZoneName::City => ZoneStyle::ExemplarCity,
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
            .ok()
            .flatten()
            .map_or_else(|| self.fallback_text(), Cow::Owned)
    }

    fn as_string_threadsafe(
        &self,
        intls: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        intls
            .with_try_get::<DateTimeFormat, _, _>(self.style, |f| f.format(&self.zoned))
            .ok()
            .flatten()
            .map_or_else(|| self.fallback_text(), Cow::Owned)
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
        Some(mut style) => {
            let placeless = !has_place(dt.zoned.time_zone());
            // UTC named alone and short is "UTC" in every language: CLDR
            // has no short name for it in most, and writes "GMT+0".
            // UTC named alone is "UTC" in every language: CLDR has no short
            // name for it in most ("GMT+0"), and a long one no support
            // writer uses ("Tempo coordinato universale").
            if placeless
                && style.zone.is_some()
                && style.zone_only()
                && dt.zoned.offset().seconds() == 0
            {
                return FluentValue::String(Cow::Borrowed("UTC"));
            }
            // A zone with no place (Etc/GMT+5) has no city to name: CLDR
            // would say "Unknown City". Its offset names it instead.
            if placeless && matches!(style.zone, Some(ZoneName::City | ZoneName::Location)) {
                style.zone = Some(ZoneName::ShortOffset);
            }
            FluentValue::Custom(Box::new(FluentDateTime {
                zoned: dt.zoned.clone(),
                style,
            }))
        }
        None => FluentValue::Error,
    }
}

/// Whether a zone is a place's (Europe/Amsterdam), not an offset's alone
/// (UTC, Etc/GMT+5, a fixed offset).
fn has_place(tz: &jiff::tz::TimeZone) -> bool {
    match tz.iana_name() {
        Some(name) => {
            let offset_only = ["UTC", "UCT", "GMT", "Universal", "Zulu", "Greenwich"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
                || name.starts_with("Etc/")
                || name.starts_with("GMT");
            !offset_only
        }
        None => false,
    }
}

/// A CLDR formatter for one locale and style, memoized per bundle, with
/// the zone names this locale's readers write otherwise than CLDR.
pub(crate) struct DateTimeFormat {
    formatter: DateTimeFormatter<CompositeFieldSet>,
    names: &'static [(&'static [&'static str], &'static str)],
    /// CLDR capitalises Italian and Portuguese zone names ("Ora
    /// dell’Europa centrale") as if they began a sentence; written alone,
    /// they stand inside one: "(ora dell’Europa centrale)".
    lowercase: bool,
}

/// Zone names written alone that CLDR has otherwise than the readers:
/// mainland Chinese notices say 北京时间, never 中国时间; Arabic writes
/// كولكاتا and هو تشي منه (CLDR: كالكتا, منة).
fn zone_names(
    language: &str,
    zone: ZoneName,
) -> &'static [(&'static [&'static str], &'static str)] {
    const BEIJING: &[&str] = &[
        "Asia/Shanghai",
        "Asia/Chongqing",
        "Asia/Chungking",
        "Asia/Harbin",
        "PRC",
    ];
    const KOLKATA: &[&str] = &["Asia/Kolkata", "Asia/Calcutta"];
    const SAIGON: &[&str] = &["Asia/Ho_Chi_Minh", "Asia/Saigon"];
    match (language, zone) {
        ("zh", ZoneName::Location) => &[(BEIJING, "北京时间")],
        ("zh", ZoneName::City) => &[(BEIJING, "北京")],
        ("ar", ZoneName::City) => &[(KOLKATA, "كولكاتا"), (SAIGON, "هو تشي منه")],
        _ => &[],
    }
}

/// Why a formatter could not be built (the text falls back to ISO form).
#[derive(Debug)]
pub(crate) struct NoFormatter;

impl Memoizable for DateTimeFormat {
    type Args = Style;
    type Error = NoFormatter;

    fn construct(lang: LanguageIdentifier, style: Style) -> Result<Self, NoFormatter> {
        let tag = match style.hour_cycle {
            Some(cycle) => format!("{lang}-u-hc-{cycle}"),
            None => lang.to_string(),
        };
        let locale: icu_locale_core::Locale = tag.parse().map_err(|_| NoFormatter)?;
        let field_set = style.field_set().ok_or(NoFormatter)?;
        let language = lang.language.as_str();
        let (names, lowercase) = match style.zone {
            Some(zone) if style.zone_only() => {
                (zone_names(language, zone), matches!(language, "it" | "pt"))
            }
            _ => (&[][..], false),
        };
        DateTimeFormatter::try_new(locale.into(), field_set)
            .map(|formatter| DateTimeFormat {
                formatter,
                names,
                lowercase,
            })
            .map_err(|_| NoFormatter)
    }
}

impl DateTimeFormat {
    /// The text, or `None` when ICU4X finds its own data incomplete (the
    /// Portuguese month-with-year pattern does not load its digits): a
    /// debug build of ICU4X panics there, and no message of a translator
    /// may make tidings panic.
    fn format(&self, zoned: &Zoned) -> Option<String> {
        if let Some(zone) = zoned.time_zone().iana_name() {
            for (zones, name) in self.names {
                if zones.contains(&zone) {
                    return Some((*name).to_owned());
                }
            }
        }
        let zdt = ZonedDateTime::<Iso, TimeZoneInfo<AtTime>>::convert_from(zoned);
        let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.formatter.format(&zdt).to_string()
        }))
        .ok()?;
        if !self.lowercase {
            return Some(text);
        }
        let mut chars = text.chars();
        Some(match chars.next() {
            Some(first) if first.is_uppercase() => first.to_lowercase().chain(chars).collect(),
            _ => text,
        })
    }
}
