var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/api/v2.0/ping", () => "Pong");
app.Run();

/// <summary>Entry point type, public so WebApplicationFactory can find it.</summary>
public partial class Program;
