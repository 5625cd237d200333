namespace Skillgate.Modules.Standards.Demo;

/// <summary>
/// The demo hospital's controlled documents: the medical-record writing standard, the surgical safety checklist rules and
/// the IV-therapy nursing standard (each with a revision waiting for the quality-control office's review) and the
/// infection-control rules.
/// </summary>
internal sealed class HospitalStandardsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    private static readonly DemoDocument[] Documents =
    [
        new("SSC-01", "手术安全核查制度", "sop", 1, 500, "", "麻醉实施前增加影像资料与手术部位标记核对"),
        new("IVT-01", "静脉治疗护理技术操作规范（WS/T 433）", "standard", 1, 600, "", "外周静脉导管冲封管改用预充式导管冲洗器"),
        new("MR-WRITE-01", "病历书写规范", "standard", 1, 700, ""),
        new("HAI-01", "医院感染预防与控制制度", "sop", 1, 450, ""),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await StandardsDemoSeeder.SeedAsync(scope.ServiceProvider, Documents, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
