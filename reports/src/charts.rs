//! Inline SVG charts (plotters), so the page is one file that works offline. Checks say
//! what to draw ([`Chart`], as data); this module draws it.

use lab_checks::section::Chart;
use lab_findings::format;
use plotters::prelude::*;

/// Draws one chart as an SVG string.
pub fn draw(chart: &Chart) -> anyhow::Result<String> {
    let svg = match chart {
        Chart::Bars { title, unit, bars } => hbars(title, unit, bars),
        Chart::Lines {
            title,
            x_label,
            y_label,
            series,
        } => lines(title, x_label, y_label, series),
        Chart::Shares { title, rows, even } => stacked_shares(title, rows, *even),
    }?;
    Ok(compact(&svg))
}

/// plotters' SVG without what changes nothing on screen: attributes at their SVG defaults
/// (`opacity="1"`, `stroke="none"`, `stroke-width="1"`, a black `fill`), the font family
/// once in the chart's own style rather than on every label, font sizes to a tenth of a
/// pixel, and the newlines between elements. The page has a size budget, and every chart
/// is inline.
fn compact(svg: &str) -> String {
    let svg = svg
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\"", "")
        .replace(" stroke-width=\"1\"", "")
        .replace(" fill=\"#000000\"", "")
        .replace(" font-family=\"sans-serif\"", "")
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("");
    let svg = round_font_sizes(&svg);
    // Every polyline plotters draws is unfilled, most are black, and the gridlines are
    // black: said once in the style. Labels share a few anchor and size pairs: a class each.
    let svg = svg
        .replace("<polyline fill=\"none\" stroke=\"#000000\" ", "<polyline ")
        .replace("<polyline fill=\"none\" ", "<polyline ")
        .replace(
            "<line opacity=\"0.1\" stroke=\"#000000\" ",
            "<line class=\"g1\" ",
        )
        .replace(
            "<line opacity=\"0.2\" stroke=\"#000000\" ",
            "<line class=\"g2\" ",
        )
        .replace(" />", "/>");
    let svg = merge_black_lines(&svg);
    let (svg, classes) = label_classes(&svg);
    let style = format!(
        "text{{font-family:sans-serif}}polyline{{fill:none}}.k{{fill:none;stroke:#000}}\
         .g1{{stroke:#000;opacity:.1}}.g2{{stroke:#000;opacity:.2}}{classes}"
    );
    match svg.find('>') {
        Some(i) if svg.starts_with("<svg") => {
            format!("{}<style>{style}</style>{}", &svg[..=i], &svg[i + 1..])
        }
        _ => svg,
    }
}

/// Every plain black polyline (axes, ticks: most of a chart's elements) as one subpath of a
/// single `<path>` where the first of them was: `M x,y x,y` draws the same lines.
fn merge_black_lines(svg: &str) -> String {
    const OPEN: &str = "<polyline points=\"";
    const CLOSE: &str = "\"/>";
    let mut out = String::with_capacity(svg.len());
    let mut d = String::new();
    let mut at = None;
    let mut rest = svg;
    while let Some(i) = rest.find(OPEN) {
        let tail = &rest[i + OPEN.len()..];
        let Some(end) = tail.find(CLOSE) else { break };
        out.push_str(&rest[..i]);
        at.get_or_insert(out.len());
        d.push('M');
        d.push_str(tail[..end].trim());
        rest = &tail[end + CLOSE.len()..];
    }
    out.push_str(rest);
    if let Some(at) = at {
        out.insert_str(at, &format!("<path class=\"k\" d=\"{d}\"/>"));
    }
    out
}

/// ` text-anchor="end" font-size="9.7"` as ` class="e9_7"`, with the rule for each class
/// used. The names carry their values, so charts inline in one page never disagree on one.
fn label_classes(svg: &str) -> (String, String) {
    let mut out = svg.to_string();
    let mut rules = String::new();
    for (anchor, short) in [("start", 's'), ("middle", 'm'), ("end", 'e')] {
        let key = format!(" text-anchor=\"{anchor}\" font-size=\"");
        let mut sizes: Vec<String> = Vec::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(&key) {
            let tail = &rest[i + key.len()..];
            let size = &tail[..tail.find('"').unwrap_or(tail.len())];
            if !sizes.iter().any(|s| s == size) {
                sizes.push(size.to_string());
            }
            rest = tail;
        }
        for size in sizes {
            let class = format!("{short}{}", size.replace('.', "_"));
            out = out.replace(&format!("{key}{size}\""), &format!(" class=\"{class}\""));
            rules += &format!(".{class}{{text-anchor:{anchor};font-size:{size}px}}");
        }
    }
    (out, rules)
}

/// `font-size="12.903225806451614"` as `font-size="12.9"`.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => out.push_str(&format!("{}", (v * 10.0).round() / 10.0)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

const ROW: u32 = 18;

/// A horizontal bar chart, one bar per (label, value), with the value printed at its end.
fn hbars(title: &str, x_desc: &str, rows: &[(String, f64)]) -> anyhow::Result<String> {
    anyhow::ensure!(!rows.is_empty(), "no data for {title}");
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let x_max = if max > 0.0 { max * 1.15 } else { 1.0 };
    let height = 70 + ROW * rows.len() as u32;
    // plotters counts segments from the bottom; the first row should be on top, as in tables.
    let at = |i: usize| rows.len() - 1 - i;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(32)
            .y_label_area_size(230)
            .build_cartesian_2d(0.0..x_max, (0..rows.len()).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(1)
            .x_desc(x_desc)
            .y_labels(rows.len())
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < rows.len() => rows[at(*i)].0.clone(),
                _ => String::new(),
            })
            .draw()?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(at(i))),
                    (*v, SegmentValue::Exact(at(i) + 1)),
                ],
                RGBColor(70, 110, 190).filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            bar
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
            Text::new(
                format::value(*v),
                (*v + x_max * 0.01, SegmentValue::CenterOf(at(i))),
                ("sans-serif", 12),
            )
        }))?;
        root.present()?;
    }
    // The SVG is inlined into HTML; its own XML header is not needed there.
    Ok(svg)
}

const SOURCE_COLORS: [RGBColor; 8] = [
    RGBColor(70, 110, 190),
    RGBColor(230, 140, 40),
    RGBColor(90, 170, 90),
    RGBColor(200, 70, 70),
    RGBColor(140, 100, 180),
    RGBColor(140, 90, 70),
    RGBColor(220, 120, 180),
    RGBColor(120, 120, 120),
];

/// One stacked bar of shares per design (segments s0, s1, ... left to right), with dashed
/// lines where the segment boundaries of an even split over `even` sources would fall
/// (sources that cannot yield have zero-width segments, so the lines still line up).
fn stacked_shares(title: &str, rows: &[(String, Vec<f64>)], even: usize) -> anyhow::Result<String> {
    anyhow::ensure!(!rows.is_empty(), "no data for {title}");
    let height = 70 + ROW * rows.len() as u32;
    let at = |i: usize| rows.len() - 1 - i;
    let mut svg = String::new();
    {
        let whole = SVGBackend::with_string(&mut svg, (760, height + 22)).into_drawing_area();
        whole.fill(&WHITE)?;
        let (root, legend_strip) = whole.split_vertically(height);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(32)
            .y_label_area_size(230)
            .build_cartesian_2d(0.0..1.0, (0..rows.len()).into_segmented())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("share of the window (dashed: an even split)")
            .y_labels(rows.len())
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < rows.len() => rows[at(*i)].0.clone(),
                _ => String::new(),
            })
            .draw()?;
        for (i, (_, shares)) in rows.iter().enumerate() {
            let mut left = 0.0;
            for (s, share) in shares.iter().enumerate() {
                let mut bar = Rectangle::new(
                    [
                        (left, SegmentValue::Exact(at(i))),
                        (left + share, SegmentValue::Exact(at(i) + 1)),
                    ],
                    SOURCE_COLORS[s % SOURCE_COLORS.len()].filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                chart.plotting_area().draw(&bar)?;
                left += share;
            }
        }
        for j in 1..even {
            let x = j as f64 / even as f64;
            chart.draw_series(DashedLineSeries::new(
                [
                    (x, SegmentValue::Exact(0)),
                    (x, SegmentValue::Exact(rows.len())),
                ],
                4,
                4,
                BLACK.stroke_width(1),
            ))?;
        }
        let legend = (0..rows.iter().map(|r| r.1.len()).max().unwrap_or(0))
            .map(|s| format!("s{s}"))
            .collect::<Vec<_>>();
        for (s, name) in legend.iter().enumerate() {
            let x = 240 + 50 * s as i32;
            legend_strip.draw(&Rectangle::new(
                [(x, 6), (x + 10, 16)],
                SOURCE_COLORS[s % SOURCE_COLORS.len()].filled(),
            ))?;
            legend_strip.draw(&Text::new(name.clone(), (x + 14, 5), ("sans-serif", 11)))?;
        }
        whole.present()?;
    }
    Ok(svg)
}

/// A line chart of several series of (x, y) points, with markers and a legend.
fn lines(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> anyhow::Result<String> {
    let points = series.iter().flat_map(|s| &s.1);
    let (x_max, y_max) = points.fold((1.0f64, 1.0f64), |(x, y), p| (x.max(p.0), y.max(p.1)));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 360)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(0.5..x_max + 0.5, 0.0..y_max * 1.15)?;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .x_desc(x_desc)
            .y_desc(y_desc)
            // A label (and a light grid line) per unit up to 12, else plotters' own spacing:
            // an input-size axis of 256 would draw hundreds of grid lines.
            .x_labels((x_max as usize).min(12))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .draw()?;
        for (i, (name, pts)) in series.iter().enumerate() {
            let color = SOURCE_COLORS[i % SOURCE_COLORS.len()];
            chart
                .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))?
                .label(name.clone())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2))
                });
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}
