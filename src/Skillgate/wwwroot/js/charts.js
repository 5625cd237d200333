// Draws every element with a data-chart attribute: the attribute holds a whole ECharts option built on the server.
(function () {
    function draw() {
        document.querySelectorAll('[data-chart]').forEach(function (el) {
            if (el.dataset.drawn) { return; }
            el.dataset.drawn = '1';
            var chart = echarts.init(el, null, { renderer: 'svg' });
            chart.setOption(JSON.parse(el.dataset.chart));
            window.addEventListener('resize', function () { chart.resize(); });
        });
    }
    document.addEventListener('DOMContentLoaded', draw);
    document.addEventListener('htmx:afterSettle', draw);
})();
