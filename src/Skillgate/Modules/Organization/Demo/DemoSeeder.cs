namespace Skillgate.Modules.Organization.Demo;

/// <summary>Placeholder until written.</summary>
internal sealed class DemoSeeder : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
