; Inno Setup 6 script for LLM Interview Desk (Windows x64).
;
;   packaging\windows\build-windows.ps1          builds the bundle, then runs:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\interview-desk.iss
;
; Installs the PyInstaller bundle (packaging\dist\interview-desk) per user by default (no
; administrator rights; the wizard offers all users), with a Start menu entry and an
; optional desktop icon. Uninstalling removes the program folder only: the user's data
; (%LOCALAPPDATA%\interview-desk: bookmarks, notes, progress, models, search index) stays.
; Paths below are relative to this script's folder.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\interview-desk"
#endif
#define AppName "LLM Interview Desk"
#define AppExe "interview-desk.exe"

[Setup]
; AppId identifies the app across upgrades: never change it.
AppId={{9307D20B-8902-4C6F-9424-3566B8F31079}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LLM Interview Desk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=interview-desk-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\interview-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The app may be running during an upgrade: ask to close it rather than leave old files.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new version replaces the bundle wholesale, so no stale module from an old one lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Study LLM engineering interview questions offline"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
