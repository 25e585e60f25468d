//! Inline SVG charts (plotters), so the page is one file that works offline.

use plotters::prelude::*;

const ROW: u32 = 22;

/// A horizontal bar chart, one bar per (label, value), with the value printed at its end.
pub fn hbars(title: &str, x_desc: &str, rows: &[(String, f64)]) -> anyhow::Result<String> {
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
                crate::view::format_value(*v),
                (*v + x_max * 0.01, SegmentValue::CenterOf(at(i))),
                ("sans-serif", 12),
            )
        }))?;
        root.present()?;
    }
    // The SVG is inlined into HTML; its own XML header is not needed there.
    Ok(svg)
}
