namespace Skillgate.Modules.Points.Demo;

/// <summary>
/// With the demo hospital: the same store, 8 points a class hour for ward nurses, the certification 静脉治疗专科护士, and the demo
/// nurse's note on the surgical safety checklist course and her skill application on it, confirmed by the head nurse.
/// </summary>
internal sealed class HospitalPointsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    private static readonly PointsDemoStory Hospital = new(
        "护士", "IVT-SPECIALIST", "静脉治疗专科护士", "SSC-01-T",
        "按新版核查表逐项核对后，本月我参与的手术核查零遗漏，影像资料核对也不再靠口头确认。",
        "培训里讲的三方核查很实用：我把核查要点做成卡片挂在手术间门口，接台时大家一看就清楚。",
        "落实术前影像资料核对后手术部位核对零差错", "按培训所学在麻醉实施前逐项核对影像资料与部位标记，本月手术间核查遗漏从 3 项降到 0 项。", "headnurse");

    public Task StartAsync(CancellationToken cancellationToken) => PointsDemoSeeder.SeedAsync(scopes, Hospital, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
