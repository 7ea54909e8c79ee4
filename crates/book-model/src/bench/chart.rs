//! The chart under each benchmark table: the same record drawn as inline
//! SVG, written here as text (no plotting library).
//!
//! One line per case, grouped under the table's rows and labelled with its
//! columns: a dot at the median and a line over the range in brackets, the
//! same [`Spread`] the table's cells show ([`Case::spread`]). The baseline
//! of `relative-to=` is a hollow dot, and a dashed line at its median runs
//! through the case lines of every row.
//! The axis is linear from 0, or logarithmic (one gridline per power of 10)
//! when the slowest range ends more than [`LOG_WHEN`] times above the
//! fastest one's start; its unit (`ms`, `s`…) is the one its largest tick
//! needs, and it is written above the chart.
//!
//! Colours are the theme's CSS variables (`--fg`, `--bg`, `--links`, each
//! with a fallback for where none is defined) and text is `<text>`, so the
//! chart reads in every theme, in print and on a phone (it is as wide as
//! the text column, at most 40rem: its 14-unit text stays above 11 px on a
//! 375 px screen). `<title>` and `<desc>` give its name and every figure in
//! words. For the EPUB, whose manifest would have to declare inline SVG,
//! [`charts_as_images`] turns each chart into an `<img>` of the same SVG.
//!
//! `cargo xtask test` reads the charts of the built book back
//! (`xtask/src/charts.rs`) and checks every mark against the record.

use super::{Case, Record, Spread, time_unit};

/// The chart's width in SVG units. The page draws it at the width of the
/// text column, at most 40rem.
pub const WIDTH: f64 = 380.0;
/// The size of every text of the chart, in SVG units.
pub const TEXT_SIZE: f64 = 14.0;
/// The axis is logarithmic when the top of the slowest range is more than
/// this many times the bottom of the fastest one.
pub const LOG_WHEN: f64 = 20.0;
/// About how wide a character of the chart's text is, in SVG units (for
/// wrapping the row labels and sizing the column of column labels).
const CHAR: f64 = 7.6;
/// Where the plot ends on the right (room for the last tick's label).
const PLOT_RIGHT: f64 = 362.0;
/// Where the plot starts, below the axis title and the tick labels.
const PLOT_TOP: f64 = 44.0;
/// The longest row label line, in characters.
const LINE_CHARS: usize = 46;

/// How the axis maps times to positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    Linear,
    Log,
}

/// The chart's horizontal axis: times in nanoseconds, positions in SVG units.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub scale: Scale,
    /// The times at the plot's left and right ends.
    pub from: f64,
    pub to: f64,
    /// The size of the unit in nanoseconds, and its name.
    pub unit: (f64, &'static str),
    /// The times of the gridlines, each labelled.
    pub ticks: Vec<f64>,
    pub left: f64,
    pub right: f64,
}

impl Axis {
    /// An axis whose ends and gridlines are round numbers around
    /// `low..=high`, drawn from `left` to the plot's right end.
    pub fn spanning(low: f64, high: f64, left: f64) -> Axis {
        if high > LOG_WHEN * low && low > 0.0 {
            let from = 10f64.powf(low.log10().floor());
            let to = 10f64.powf(high.log10().ceil()).max(from * 10.0);
            let decades = (to / from).log10().round() as i32;
            Axis {
                scale: Scale::Log,
                from,
                to,
                unit: time_unit(to / 10.0),
                ticks: (0..=decades).map(|i| from * 10f64.powi(i)).collect(),
                left,
                right: PLOT_RIGHT,
            }
        } else {
            // At most 6 steps of 1, 2, 2.5 or 5 times a power of 10.
            let raw = high / 6.0;
            let magnitude = 10f64.powf(raw.log10().floor());
            let step = [1.0, 2.0, 2.5, 5.0, 10.0]
                .iter()
                .map(|m| m * magnitude)
                .find(|s| *s >= raw)
                .unwrap_or(10.0 * magnitude);
            let steps = (high / step).ceil().max(1.0) as usize;
            let to = steps as f64 * step;
            Axis {
                scale: Scale::Linear,
                from: 0.0,
                to,
                unit: time_unit(to),
                ticks: (0..=steps).map(|i| i as f64 * step).collect(),
                left,
                right: PLOT_RIGHT,
            }
        }
    }

    /// Where a time is drawn.
    pub fn x(&self, ns: f64) -> f64 {
        let t = match self.scale {
            Scale::Linear => (ns - self.from) / (self.to - self.from),
            Scale::Log => (ns / self.from).ln() / (self.to / self.from).ln(),
        };
        self.left + t * (self.right - self.left)
    }

    /// A tick's label, in the axis's unit: `0.5`, `100`.
    fn label(&self, ns: f64) -> String {
        let value = ((ns / self.unit.0) * 1e6).round() / 1e6;
        format!("{value}")
    }

    /// The line above the chart that names the axis and its unit.
    fn title(&self) -> String {
        match self.scale {
            Scale::Linear => format!("Time ({})", self.unit.1),
            Scale::Log => format!("Time ({}), logarithmic scale", self.unit.1),
        }
    }
}

/// A coordinate as the chart writes it: one decimal.
fn at(value: f64) -> String {
    format!("{value:.1}")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A label's text without the backticks of its code spans.
pub fn plain(label: &str) -> String {
    label.replace('`', "")
}

/// Words of a label as SVG text: code spans (in backticks) in the page's
/// monospace font. `in_code` carries a span over a line break.
fn spans(words: &str, in_code: &mut bool) -> String {
    let mut out = String::new();
    for (i, part) in words.split('`').enumerate() {
        if i > 0 {
            *in_code = !*in_code;
        }
        if part.is_empty() {
            continue;
        }
        if *in_code {
            out += &format!(
                "<tspan style=\"font-family: var(--mono-font, monospace)\">{}</tspan>",
                escape(part)
            );
        } else {
            out += &escape(part);
        }
    }
    out
}

/// A label as lines of at most [`LINE_CHARS`] characters, broken at spaces.
fn wrap(label: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if plain(line).len() + 1 + plain(word).len() <= LINE_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A label as HTML: code spans as `<code>`.
fn html_label(label: &str) -> String {
    let mut out = String::new();
    for (i, part) in label.split('`').enumerate() {
        if i % 2 == 1 {
            out += &format!("<code>{}</code>", escape(part));
        } else {
            out += &escape(part);
        }
    }
    out
}

/// A time and its range in words, for the text that stands for the chart:
/// `24.2 ms (17.1 to 82.1, unstable)`.
fn spoken(spread: &Spread) -> String {
    spread.time_text().replace('–', " to ")
}

impl Record {
    /// The chart of the table `{{#bench-table NAME relative-to=ID}}` shows:
    /// a `<figure>` with a caption and an inline SVG, on lines of their own
    /// with no blank line (Markdown keeps it one HTML block).
    pub fn chart(&self, relative_to: Option<&str>) -> Result<String, String> {
        self.chart_drawn_with(relative_to, Case::spread)
    }

    /// [`Record::chart`], with each case's dot and line drawn from
    /// `spread`: the tests draw a wrong statistic (the mean) with it, to
    /// see the chart check fail.
    #[doc(hidden)]
    pub fn chart_drawn_with(
        &self,
        relative_to: Option<&str>,
        spread: impl Fn(&Case) -> Spread,
    ) -> Result<String, String> {
        let base = relative_to.map(|id| self.case(id)).transpose()?;
        if let Some(empty) = self.cases.iter().find(|c| c.samples_ns.is_empty()) {
            return Err(format!(
                "{}: case `{}` has no samples to draw",
                self.benchmark, empty.id
            ));
        }
        let spreads: Vec<(&Case, Spread)> = self.cases.iter().map(|c| (c, spread(c))).collect();
        let mut rows: Vec<&str> = Vec::new();
        let mut columns: Vec<&str> = Vec::new();
        for case in &self.cases {
            if !rows.contains(&case.row.as_str()) {
                rows.push(&case.row);
            }
            if !columns.contains(&case.column.as_str()) {
                columns.push(&case.column);
            }
        }
        let widest = columns.iter().map(|c| plain(c).chars().count()).max();
        let left = (widest.unwrap_or(0) as f64 * CHAR + 12.0).max(60.0).round();
        let low = spreads
            .iter()
            .map(|(_, s)| s.low)
            .fold(f64::INFINITY, f64::min);
        let high = spreads.iter().map(|(_, s)| s.high).fold(0.0, f64::max);
        let axis = Axis::spanning(low, high, left);

        // Where the baseline's median is: a dashed line through the case
        // lines of every row (not through the labels).
        let base_x = base.and_then(|b| {
            let (_, spread) = spreads.iter().find(|(c, _)| c.id == b.id)?;
            Some(at(axis.x(spread.median)))
        });
        // The rows, top to bottom; the gridlines are drawn first, under
        // them, once the height is known.
        let mut marks = String::new();
        let mut y = PLOT_TOP;
        for row in &rows {
            y += 6.0;
            marks += "<g class=\"row\">\n<text class=\"row-label\" font-weight=\"600\">";
            let mut in_code = false;
            for line in wrap(row) {
                y += 16.0;
                marks += &format!(
                    "<tspan x=\"0\" y=\"{}\">{}</tspan>",
                    at(y - 3.0),
                    spans(&line, &mut in_code)
                );
            }
            marks += "</text>\n";
            y += 2.0;
            let cases_top = y;
            let mut cases = String::new();
            for column in &columns {
                let Some((case, spread)) = spreads
                    .iter()
                    .find(|(c, _)| c.row == *row && c.column == *column)
                else {
                    continue;
                };
                y += 18.0;
                let cy = y - 7.0;
                let is_base = base.is_some_and(|b| b.id == case.id);
                let (class, range_style, dot) = if is_base {
                    (
                        "case baseline",
                        "style=\"stroke: var(--links, #2457a6)\"",
                        "style=\"fill: var(--bg, #fff); stroke: var(--links, #2457a6)\" \
                         stroke-width=\"2\""
                            .to_string(),
                    )
                } else {
                    (
                        "case",
                        "stroke=\"currentColor\"",
                        "fill=\"currentColor\"".to_string(),
                    )
                };
                cases += &format!(
                    "<g class=\"{class}\" data-case=\"{}\">\
                     <text class=\"column-label\" x=\"0\" y=\"{}\">{}</text>\
                     <line class=\"range\" x1=\"{}\" y1=\"{cy}\" x2=\"{}\" y2=\"{cy}\" \
                     stroke-width=\"2.5\" {range_style}/>\
                     <circle class=\"median\" cx=\"{}\" cy=\"{cy}\" r=\"4.5\" {dot}/></g>\n",
                    escape(&case.id),
                    at(cy + 5.0),
                    spans(column, &mut false),
                    at(axis.x(spread.low)),
                    at(axis.x(spread.high)),
                    at(axis.x(spread.median)),
                );
            }
            if let Some(x) = &base_x {
                marks += &format!(
                    "<line class=\"baseline-line\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" \
                     y2=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\" \
                     style=\"stroke: var(--links, #2457a6)\"/>\n",
                    cases_top + 1.0,
                    y + 1.0
                );
            }
            marks += &cases;
            marks += "</g>\n";
        }
        let bottom = y + 6.0;
        let height = bottom + 24.0;

        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bench-chart\" \
             data-record=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
             height=\"{height}\" role=\"img\" font-family=\"sans-serif\" \
             font-size=\"{TEXT_SIZE}\" fill=\"currentColor\" style=\"width: 100%; \
             max-width: 40rem; height: auto; color: var(--fg, #000)\">\n",
            escape(&self.benchmark)
        );
        svg += &format!("<title>{}</title>\n", escape(&self.chart_title()));
        svg += &format!(
            "<desc>{}</desc>\n",
            escape(&self.chart_description(&spreads, base))
        );
        svg += "<rect class=\"background\" width=\"100%\" height=\"100%\" \
                style=\"fill: var(--bg, #fff)\"/>\n";
        svg += &format!(
            "<text class=\"axis-title\" x=\"0\" y=\"16\">{}</text>\n",
            axis.title()
        );
        for &tick in &axis.ticks {
            let x = at(axis.x(tick));
            let label = axis.label(tick);
            svg += &format!(
                "<g class=\"tick\"><line x1=\"{x}\" y1=\"{PLOT_TOP}\" x2=\"{x}\" \
                 y2=\"{bottom}\" stroke=\"currentColor\" stroke-opacity=\"0.3\"/>\
                 <text x=\"{x}\" y=\"36\" text-anchor=\"middle\">{label}</text>\
                 <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{label}</text></g>\n",
                bottom + 18.0
            );
        }
        svg += &marks;
        svg += "</svg>";

        let mut caption = String::from(
            "The table's figures as a chart: a dot for each median, a line for its range",
        );
        if axis.scale == Scale::Log {
            caption += ", on a logarithmic axis (each gridline is 10 times the one before)";
        }
        caption.push('.');
        if let Some(base) = base {
            caption += &format!(
                " The hollow dot and the dashed line are the baseline, {} ({}).",
                html_label(&base.row),
                html_label(&base.column)
            );
        }
        Ok(format!(
            "<figure class=\"bench-chart\" id=\"chart-{}\">\n<figcaption>{caption}</figcaption>\n{svg}\n</figure>\n",
            escape(&self.benchmark)
        ))
    }

    /// The chart's name: what it shows.
    fn chart_title(&self) -> String {
        format!(
            "Chart of {}: the median time of each case, with its range",
            self.benchmark
        )
    }

    /// Every figure of the chart in words, for those who do not see it.
    fn chart_description(&self, spreads: &[(&Case, Spread)], base: Option<&Case>) -> String {
        let n = self.samples();
        let k = Spread::left_out(n);
        let which = if k == 0 {
            format!("all {n} samples")
        } else {
            format!("the middle {} of {n} samples", n - 2 * k)
        };
        let figures: Vec<String> = spreads
            .iter()
            .map(|(case, spread)| {
                let mark = if base.is_some_and(|b| b.id == case.id) {
                    ", the baseline"
                } else {
                    ""
                };
                format!(
                    "{}, {}: {}{mark}",
                    plain(&case.row),
                    plain(&case.column),
                    spoken(spread)
                )
            })
            .collect();
        format!(
            "Medians, with the range of {which} in brackets: {}.",
            figures.join("; ")
        )
    }
}

/// The chapter's HTML with each chart's inline SVG replaced by an `<img>`
/// of the same SVG (a `data:` URL), its title and description as alt
/// text: an EPUB must declare every page with inline SVG in its manifest,
/// which mdbook-epub does not do. The image has no page to take colours
/// from, so it draws with the fallbacks: black on white.
pub fn charts_as_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) =
        rest.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bench-chart\"")
    {
        let Some(end) = rest[start..]
            .find("</svg>")
            .map(|i| start + i + "</svg>".len())
        else {
            break;
        };
        let svg = &rest[start..end];
        let inner = |tag: &str| {
            let open = format!("<{tag}>");
            let close = format!("</{tag}>");
            svg.find(&open)
                .and_then(|i| {
                    let from = i + open.len();
                    svg[from..].find(&close).map(|j| &svg[from..from + j])
                })
                .unwrap_or("")
        };
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<img class=\"bench-chart\" alt=\"{}. {}\" style=\"width: 100%; max-width: 30em\" \
             src=\"data:image/svg+xml;base64,{}\" />",
            inner("title"),
            inner("desc"),
            base64(svg.as_bytes())
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Standard base64, with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_one() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b"abcd"), "YWJjZA==");
        assert_eq!(base64("µs".as_bytes()), "wrVz");
    }

    #[test]
    fn an_axis_has_round_ends_and_a_unit_its_figures_need() {
        // 0.2 s to 2.72 s: linear, 0 to 3 s by 0.5 s.
        let linear = Axis::spanning(2.0e8, 2.72e9, 80.0);
        assert_eq!(linear.scale, Scale::Linear);
        assert_eq!(linear.unit.1, "s");
        let labels: Vec<String> = linear.ticks.iter().map(|&t| linear.label(t)).collect();
        assert_eq!(labels, ["0", "0.5", "1", "1.5", "2", "2.5", "3"]);
        assert_eq!(linear.x(0.0), 80.0);
        assert_eq!(linear.x(3.0e9), PLOT_RIGHT);
        assert_eq!(linear.title(), "Time (s)");
        // 0.24 ms to 97 ms: more than 20 times, so logarithmic, by decades.
        let log = Axis::spanning(2.4e5, 9.7e7, 80.0);
        assert_eq!(log.scale, Scale::Log);
        let labels: Vec<String> = log.ticks.iter().map(|&t| log.label(t)).collect();
        assert_eq!(labels, ["0.1", "1", "10", "100"]);
        assert_eq!(log.title(), "Time (ms), logarithmic scale");
        assert!((log.x(1.0e6) - (80.0 + (PLOT_RIGHT - 80.0) / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn labels_wrap_at_spaces_and_keep_code_spans() {
        let lines = wrap("one leaf per thread, parallel branch-free merge (listing 13.15)");
        assert_eq!(
            lines,
            [
                "one leaf per thread, parallel branch-free",
                "merge (listing 13.15)"
            ]
        );
        assert!(lines.iter().all(|l| l.len() <= LINE_CHARS));
        assert_eq!(
            spans("shared total behind a `Mutex`", &mut false),
            "shared total behind a <tspan style=\"font-family: var(--mono-font, \
             monospace)\">Mutex</tspan>"
        );
        assert_eq!(html_label("a `Mutex` & b"), "a <code>Mutex</code> &amp; b");
    }

    #[test]
    fn a_chart_becomes_an_image_for_the_epub() {
        let html = "<p>x</p>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bench-chart\" \
                    role=\"img\"><title>T</title>\n<desc>D &amp; E</desc>\n</svg>\n<p>y</p>";
        let epub = charts_as_images(html);
        assert!(epub.starts_with("<p>x</p>\n<img class=\"bench-chart\" alt=\"T. D &amp; E\""));
        assert!(epub.ends_with(" />\n<p>y</p>"), "{epub}");
        assert!(!epub.contains("<svg"));
    }
}
