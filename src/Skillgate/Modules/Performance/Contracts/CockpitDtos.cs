using System.Text.Json;

namespace Skillgate.Modules.Performance.Contracts;

/// <summary>The cockpit: the months its trends cover and each panel the caller may see.</summary>
public sealed record CockpitDto(string FromMonth, string ToMonth, IReadOnlyList<CockpitPanelDto> Panels);

/// <summary>A cockpit panel: its headline, its chart as an ECharts option and the page listing what is behind it (all null when there is no data yet).</summary>
public sealed record CockpitPanelDto(string Key, string Title, string? Headline, JsonElement? Chart, string? DrillUrl);
