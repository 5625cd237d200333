using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Performance.Contracts;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>What the goal form offers: the KPIs, the units a goal can be for, the periods a baseline can come from.</summary>
internal sealed record GoalFieldsModel(IReadOnlyList<KpiDefinitionSummary> Kpis, IReadOnlyList<OrgUnitDto> Units, IReadOnlyList<KpiPeriodDto> Periods, DateOnly Today);
