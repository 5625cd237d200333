using Skillgate.Platform.Auth;
using Skillgate.Platform.Composition;

namespace Skillgate.Platform.Cli;

/// <summary>
/// <c>Skillgate seed-demo [plant|hospital]</c>: fills the database with the demo plant or hospital (once; a demo already
/// there is left as it is) and exits.
/// <c>run.sh</c> runs it before starting the app; the product host itself never registers the demo seeders.
/// </summary>
internal static class SeedDemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? kind = null;
        var app = SkillgateApp.Build(args, builder =>
        {
            kind = DemoKinds.Pick(args, builder.Configuration["Skillgate:SeedDemo"]);
            builder.Configuration["Skillgate:SeedDemo"] = kind ?? DemoKinds.Plant;
            builder.Configuration["Skillgate:Jobs:Enabled"] = "false";
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            AddDemo(builder.Services, kind ?? DemoKinds.Plant);
        });
        if (kind is null)
        {
            await Console.Error.WriteLineAsync($"seed-demo fills either the {DemoKinds.Plant} or the {DemoKinds.Hospital} demo.");
            return 2;
        }

        await app.StartAsync();
        await app.StopAsync();
        Console.WriteLine($"The demo {kind} is in place.");
        return 0;
    }

    /// <summary>The modules' demo seeders, started right after the first administrator exists and before any job runs.</summary>
    public static void AddDemo(IServiceCollection services, string kind = DemoKinds.Plant)
    {
        var demo = new ServiceCollection();
        ModuleCatalog.AddDemo(demo, kind);
        var at = services.IndexOf(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AccountBootstrap))) + 1;
        foreach (var seeder in demo.Reverse())
        {
            services.Insert(at, seeder);
        }
    }
}
