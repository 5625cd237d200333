using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Cli;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Platform;

/// <summary>Composes the application: platform services, modules, pages and API.</summary>
public static class SkillgateApp
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out);

    /// <summary>Runs a command (<c>verify-audit</c>, <c>seed-demo</c>, a module's verb) or, without one, serves the app.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var command = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (command == "verify-audit")
        {
            return await VerifyAuditCommand.RunAsync(args);
        }

        if (command == "backup")
        {
            return await BackupCommand.RunAsync(args, output);
        }

        if (command == "restore")
        {
            return await RestoreCommand.RunAsync(args, output);
        }

        if (command == "seed-demo")
        {
            return await SeedDemoCommand.RunAsync(args);
        }

        if (ModuleCatalog.Command(command) is { } moduleCommand)
        {
            return await moduleCommand(args, output);
        }

        var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args) => Build(args, _ => { });

    internal static WebApplication Build(string[] args, Action<WebApplicationBuilder> adjust)
    {
        // The application name is fixed so the pages are found when another program (the benchmark) hosts the app.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(SkillgateApp).Assembly.GetName().Name });
        ConfigureServices(builder.Services);
        adjust(builder);
        Telemetry.TelemetrySetup.AddTelemetry(builder.Services, builder.Configuration);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    internal static void ConfigureServices(IServiceCollection services)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseRuntime>();
        services.AddHostedService<DatabaseStartup>();
        services.AddHostedService<AccountBootstrap>();
        services.AddSingleton(sp => sp.GetRequiredService<DatabaseRuntime>().CreateDataSource());
        services.AddScoped<AuditActor>();
        services.AddSingleton<AuditingInterceptor>();
        services.AddSingleton<VersioningInterceptor>();
        services.AddScoped<UnitOfWork>();
        services.AddModuleDb<PlatformDb>();
        services.AddSingleton<AuditHistory>();
        services.AddSingleton(sp => new CheckpointLog(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseRuntime>().DataPath));
        services.AddSingleton<AuditChain>();
        services.AddSingleton<AuditProofs>();
        services.AddBackgroundJob<AuditChainJob>();
        services.AddSingleton<ReadableHistory>();
        services.AddSingleton(PlatformHistoryVocabulary.Value);

        services.AddSingleton<Texts>();
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(CultureSelection.Configure);

        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<DataScope>();
        services.AddMemoryCache();
        services.AddSingleton<AuthCache>();
        services.AddScoped<AccountService>();
        services.AddScoped<SignIns>();
        services.AddSingleton<AuthChanges>();
        services.AddHostedService<Data.ChangeListener>();
        services.AddSingleton<IPasswordHasher<AppUser>, PasswordHasher<AppUser>>();
        services.AddDataProtection().SetApplicationName("Skillgate");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<KeyManagementOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new DataProtectionKeyRepository(sp)));
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "smart";
                o.DefaultChallengeScheme = "smart";
            })
            .AddPolicyScheme("smart", "Cookie or API key", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith(ApiKeyAuthenticationHandler.HeaderPrefix, StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/Account/Login";
                o.LogoutPath = "/Account/Logout";
                o.AccessDeniedPath = "/Account/Denied";
                o.Cookie.Name = "skillgate.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.Events.OnValidatePrincipal = CookieValidation.ValidateAsync;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>, CachedTicketFormat.Setup>();
        services.AddAuthorization(Permissions.AddPolicies);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusProblemTitles.Localize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi("v1", o => OpenApiSetup.Configure(o));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Modules";
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/Account/Login");
                o.Conventions.AllowAnonymousToPage("/Account/Denied");
                o.Conventions.AllowAnonymousToPage("/Account/Language");
            })
            .AddViewLocalization();
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.Mvc.MvcOptions>, Localization.ModelBindingTexts>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        ProxySetup.AddProxies(services);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Platform.Files.FileKinds.MaxVideoBytes + 1024 * 1024);

        services.AddScoped<ESignatureService>();
        services.AddScoped<Platform.Files.FileStore>();
        services.AddSingleton(sp => Platform.Excel.XlsxLimits.From(sp.GetRequiredService<IConfiguration>()));
        services.AddBackgroundJob<Platform.Files.OrphanFileSweep>();
        services.AddScoped<Platform.Notifications.NotificationService>();
        services.AddSingleton(Platform.Notifications.InboxTile.Tile);
        services.AddScoped<Platform.Notifications.NotificationSettings>();
        services.AddScoped<Platform.Notifications.ReportMail>();
        services.AddScoped<Platform.Notifications.DeliverySenders>();
        services.AddBackgroundJob<Platform.Notifications.DeliveryWorker>();
        services.AddHttpClient("webhooks", (sp, c) => c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IConfiguration>().GetValue("Skillgate:Notifications:WebhookTimeoutSeconds", 10)))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<Time.PlantTime>();
        services.AddScoped<Time.ReaderTime>();
        services.AddScoped<DailyJobGate>();
        services.AddSingleton<Jobs.JobRuns>();
        services.AddSingleton<ReplicaMonitor>();
        services.AddScoped<ReportReads>();
        services.AddScoped<Health.IHealthReporter, Health.ReplicaHealth>();
        services.AddSingleton<Backup.BackupService>();
        services.AddBackgroundJob<Backup.BackupJob>();
        services.AddScoped<Health.IHealthReporter, Health.DatabaseHealth>();
        services.AddScoped<Health.IHealthReporter, Health.FileStoreHealth>();
        services.AddScoped<Health.IHealthReporter, Health.SmtpHealth>();
        services.AddScoped<Health.IHealthReporter, Health.JobRunnerHealth>();
        services.AddSingleton<Pdf.PdfReports>();
        services.AddSingleton<Health.IHealthReporter>(sp => sp.GetRequiredService<Pdf.PdfReports>());
        foreach (var module in ModuleCatalog.All)
        {
            module.AddServices(services);
        }
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers["HX-Request"] == "true")
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    internal static void Configure(WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSkillgateHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseTextGuard();
        app.UseAuthentication();
        app.UseWritePosition();
        app.Use((context, next) =>
        {
            SqlScope.BeginRequest(context.RequestServices.GetRequiredService<DataScope>(), context.RequestServices.GetRequiredService<CurrentUser>().EmployeeId);
            return next(context);
        });
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        Telemetry.TelemetrySetup.MapTelemetry(app);
        Platform.Files.FileEndpoints.MapFileEndpoints(app);
        Platform.Notifications.NotificationEndpoints.MapNotificationEndpoints(app);
        foreach (var module in ModuleCatalog.All)
        {
            module.MapEndpoints(app);
        }
        app.MapRazorPages();
    }
}
