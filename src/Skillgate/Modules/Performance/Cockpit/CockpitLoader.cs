using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Cockpit;

/// <summary>The management cockpit as one caller sees it: every panel their permissions allow, in order; a failing panel is logged and left out.</summary>
internal sealed class CockpitLoader(IEnumerable<CockpitPanel> panels, IAuthorizationService authorization, IServiceProvider services, TimeProvider clock, Texts t, ILogger<CockpitLoader> logger)
{
    public CockpitWindow Window() => CockpitWindow.Ending(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    public async Task<IReadOnlyList<(CockpitPanel Panel, CockpitChart? Chart)>> LoadAsync(ClaimsPrincipal user, CockpitWindow window, CancellationToken ct)
    {
        var shown = new List<(CockpitPanel, CockpitChart?)>();
        foreach (var panel in panels.OrderBy(p => p.Order))
        {
            if (!(await authorization.AuthorizeAsync(user, panel.Permission)).Succeeded)
            {
                continue;
            }

            try
            {
                shown.Add((panel, await panel.LoadAsync(services, window, ct)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The cockpit panel {Panel} failed", panel.Key);
            }
        }

        return shown;
    }

    public async Task<CockpitDto> DtoAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var window = Window();
        var shown = await LoadAsync(user, window, ct);
        return new CockpitDto(window.Labels[0], window.Labels[^1], [.. shown.Select(s => new CockpitPanelDto(
            s.Panel.Key, t[s.Panel.TitleTextKey].Value, s.Chart?.Headline, s.Chart is { } c ? JsonDocument.Parse(c.Option).RootElement.Clone() : null, s.Chart?.DrillUrl))]);
    }
}
