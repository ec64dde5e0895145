/// The one inline stylesheet of every page: light colours by default, dark ones under
/// `prefers-color-scheme: dark` on screens only, print rules, and the chart palette as CSS
/// custom properties (`--c0`...`--c7`) that the SVG classes `s0`...`s7` pick up.
enum Stylesheet {
  static let css = """
    :root{--bg:#ffffff;--fg:#1c1e22;--muted:#5a6070;--rule:#d8dbe0;\
    --soft:#f4f5f7;--accent:#0b5cc7;--ok:#1a7f37;--err:#b42318;--err-bg:#fdf0ee;--grid:#e3e6ea;\
    --axis:#6b7280;--c0:#0a6fb0;--c1:#cc5500;--c2:#008a63;--c3:#b8407f;--c4:#a87400;\
    --c5:#5a55c9;--c6:#4c7a00;--c7:#6b6f76;--heat:#1d5fbf;--on-heat:#ffffff;\
    --t-keyword:#8a2fa8;--t-step:#0b5cc7;--t-number:#a34a00;--t-string:#1f7a34;\
    --t-shape:#007383;--t-enum:#9a3868;--t-operator:#5a6070;--t-comment:#6b7280;--t-option:#7a5c00}
    @media screen and (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e3e5e9;\
    --muted:#a1a7b3;--rule:#363a42;--soft:#1f2228;--accent:#7cb3ff;--ok:#5cc887;--err:#ff8a80;\
    --err-bg:#2c1a1a;--grid:#2b2f36;--axis:#9aa1ad;--c0:#5fb4f2;--c1:#ff9a57;--c2:#3fd0a0;\
    --c3:#f08cc4;--c4:#e6c04a;--c5:#a7a3ff;--c6:#a6d65a;--c7:#b4b8bf;--heat:#6fb0ff;\
    --on-heat:#0b1626;--t-keyword:#d49cf0;--t-step:#7cb3ff;--t-number:#f5a76a;\
    --t-string:#8fd49a;--t-shape:#5fd0dd;--t-enum:#f09ac4;--t-operator:#a1a7b3;\
    --t-comment:#8b919c;--t-option:#d9b860}}
    *,*::before,*::after{box-sizing:border-box}
    html{background:var(--bg);color:var(--fg);-webkit-text-size-adjust:100%}
    body{margin:0 auto;max-width:50rem;padding:2rem 1.25rem 4rem;font:16px/1.6 system-ui,\
    -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    h1,h2,h3,h4{line-height:1.25;margin:2rem 0 .75rem}
    h1{font-size:2rem;margin-top:.25rem}
    h2{font-size:1.4rem}h3{font-size:1.15rem}
    a{color:var(--accent)}
    code,pre{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;\
    font-size:.875rem}
    pre{overflow-x:auto;line-height:1.45}
    .prose code{background:var(--soft);padding:.1em .3em;border-radius:4px}
    .prose pre{background:var(--soft);padding:.75rem 1rem;border-radius:6px}
    .prose img{max-width:100%}
    .kicker{margin:0;color:var(--muted);font-size:.875rem;text-transform:uppercase;\
    letter-spacing:.06em}
    .status{display:inline-block;padding:0 .5em;border-radius:999px;font-weight:600;\
    text-transform:none;letter-spacing:0;border:1px solid currentColor}
    .status-ok{color:var(--ok)}.status-failed{color:var(--err)}
    .report-header{border-bottom:1px solid var(--rule);padding-bottom:1rem;margin-bottom:1.5rem}
    .meta-title{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);\
    margin:1rem 0 .25rem}
    dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0;\
    font-size:.875rem}
    dl.meta div,dl.metrics div{display:contents}
    dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
    dl.checksums dd{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8rem}
    .toc{border:1px solid var(--rule);border-radius:8px;padding:.5rem 1.25rem;margin:1.5rem 0}
    .toc h2{font-size:1rem;margin:.25rem 0}
    .toc ol{list-style:none;margin:0;padding:0}
    .toc-l2{padding-left:1rem}.toc-l3{padding-left:2rem}.toc-l4,.toc-l5,.toc-l6{padding-left:3rem}
    .cell{margin:1.5rem 0;border-left:3px solid var(--rule);padding-left:1rem}
    .cell-failed{border-left-color:var(--err)}
    .cell summary,.cell-head{cursor:pointer;font-weight:600;margin:0}
    .cell-head{cursor:auto}
    .cell-time{font-weight:400;color:var(--muted);font-size:.85rem;\
    font-variant-numeric:tabular-nums}
    .cell-location{margin:.25rem 0 0;color:var(--muted);font-size:.8rem}
    pre.code{background:var(--soft);padding:.75rem 1rem;border-radius:6px;margin:.5rem 0}
    .tok-keyword{color:var(--t-keyword);font-weight:600}.tok-step{color:var(--t-step)}
    .tok-number{color:var(--t-number)}.tok-string{color:var(--t-string)}
    .tok-shape{color:var(--t-shape)}.tok-enum{color:var(--t-enum)}
    .tok-operator{color:var(--t-operator)}.tok-comment{color:var(--t-comment);font-style:italic}
    .tok-option{color:var(--t-option)}
    .outputs>*{margin:.75rem 0}
    .output-title{font-weight:600;font-size:.875rem;margin:.5rem 0 .25rem}
    .table-wrap{overflow-x:auto}
    table.data{border-collapse:collapse;font-size:.875rem;font-variant-numeric:tabular-nums}
    table.data caption{text-align:left;font-weight:600;padding-bottom:.35rem}
    table.data th,table.data td{padding:.3rem .75rem;border-bottom:1px solid var(--rule);\
    text-align:left}
    table.data thead th{border-bottom:2px solid var(--rule);font-weight:600}
    table.data .num{text-align:right}
    dl.metrics{display:grid;grid-template-columns:max-content max-content;gap:.1rem 1.25rem;\
    margin:0;font-variant-numeric:tabular-nums}
    dl.metrics dt{color:var(--muted)}dl.metrics dd{margin:0;text-align:right;font-weight:600}
    pre.log{background:var(--soft);padding:.5rem .75rem;border-radius:6px;margin:0;\
    white-space:pre-wrap}
    .error{background:var(--err-bg);border:1px solid var(--err);border-radius:6px;\
    padding:.5rem .9rem}
    .error-head{margin:.25rem 0;color:var(--err)}
    .error-location{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem}
    pre.error-source{margin:.25rem 0;tab-size:4}
    .error-hint{margin:.25rem 0}
    .claim{margin:.5rem 0;padding:.35rem .75rem;border:1px solid var(--ok);border-left-width:4px;\
    border-radius:4px}
    .claim p{margin:.15rem 0}.claim-held .claim-mark{color:var(--ok)}
    .claim-failed{border-color:var(--err);background:var(--err-bg)}
    .claim-failed .claim-mark{color:var(--err)}
    .claim-figures code{font-size:.8rem;white-space:pre-wrap}
    figure{margin:1rem 0}
    figcaption{color:var(--muted);font-size:.875rem;margin-top:.25rem}
    svg.chart{display:block;width:100%;height:auto;font-family:system-ui,-apple-system,\
    "Segoe UI",Roboto,Arial,sans-serif;font-size:12px;font-variant-numeric:tabular-nums}
    svg.chart text{fill:var(--fg)}
    svg.chart .axis-title{fill:var(--muted);font-weight:600}
    svg.chart .axis{stroke:var(--axis);stroke-width:1}
    svg.chart .grid{stroke:var(--grid);stroke-width:1}
    .s0{--series:var(--c0)}.s1{--series:var(--c1)}.s2{--series:var(--c2)}.s3{--series:var(--c3)}
    .s4{--series:var(--c4)}.s5{--series:var(--c5)}.s6{--series:var(--c6)}.s7{--series:var(--c7)}
    svg.chart .line{fill:none;stroke:var(--series);stroke-width:2;stroke-linejoin:round}
    svg.chart .markers circle{fill:var(--series);stroke:var(--bg);stroke-width:1}
    svg.chart .swatch-line{stroke:var(--series);stroke-width:3}
    svg.chart .swatch-box,svg.chart .bar{fill:var(--series)}
    svg.chart .marker-line{stroke:var(--err);stroke-width:1}
    svg.chart .zero{stroke:var(--axis);stroke-width:1}
    svg.chart .heat{fill:var(--heat)}
    svg.chart .heat-frame{fill:none;stroke:var(--rule)}
    svg.chart text.on-heat{fill:var(--on-heat)}
    svg.chart .thumb{image-rendering:pixelated}
    svg.chart .thumb-frame{fill:none;stroke:var(--rule)}
    svg.chart .thumb-label{font-size:10px}
    svg.chart .rug .marker-line{stroke-width:.75}
    .report-footer{margin-top:3rem;border-top:1px solid var(--rule);color:var(--muted);\
    font-size:.8rem}
    table.index td.status-ok{color:var(--ok);font-weight:600}
    table.index td.status-failed{color:var(--err);font-weight:600}
    math{font-family:"STIX Two Math","Latin Modern Math","DejaVu Math TeX Gyre","Cambria Math",\
    math;font-size:1.1em}
    math[display=block]{margin:.6rem 0;overflow-x:auto;overflow-y:hidden}
    mtable.cases mtd{text-align:left;padding:.1em .8em .1em 0}
    .prose code.math-error{color:var(--err)}
    @media print{html{background:#fff;color:#000}body{max-width:none;padding:0;font-size:11pt}\
    details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}\
    .cell-head,summary,figure,table,pre,math{break-inside:avoid}a{color:inherit}}
    """
}
