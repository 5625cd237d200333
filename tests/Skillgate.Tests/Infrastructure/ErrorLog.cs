using Microsoft.Extensions.Logging;

namespace Skillgate.Tests.Infrastructure;

/// <summary>Appends the server's errors to a file beside the test results, so a 500 in a test can be read afterwards.</summary>
public sealed class ErrorLog(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new Writer(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class Writer(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (Gate)
            {
                File.AppendAllText(path, $"[{category}] {formatter(state, exception)}\n{exception}\n\n");
            }
        }
    }
}
