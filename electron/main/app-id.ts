// The app's id: Windows ties notifications to it (AppUserModelID); electron-builder.yml's appId is the same (a test holds them together).
export const APP_ID = 'com.xecuritas.casedesk';
