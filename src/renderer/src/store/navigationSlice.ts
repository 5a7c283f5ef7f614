// Which page the main area shows. Kept in the store so the status bar and shortcuts can change it.
import type { StateCreator } from 'zustand';
import type { PageId } from '../pages';
import type { DeskfitState } from './types';

export interface NavigationState {
  page: PageId;
}

export interface NavigationSlice {
  navigation: NavigationState;
  goTo(page: PageId): void;
}

export const initialNavigation: NavigationState = { page: 'datasets' };

export const createNavigationSlice: StateCreator<DeskfitState, [], [], NavigationSlice> = (set) => ({
  navigation: initialNavigation,
  goTo: (page) => set({ navigation: { page } }),
});
