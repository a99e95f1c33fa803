/**
 * The only ECharts the app loads: bar and pie charts with a grid and tooltips, drawn as SVG
 * (a few dozen shapes; crisp at any zoom). Registered once; the rest of ECharts stays out of the bundle.
 */
import { use } from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, TooltipComponent, SVGRenderer]);

export { default as VChart } from 'vue-echarts';
